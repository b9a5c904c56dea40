/*
 * stats_html_text.c - the words and number formats of the HTML report.
 *
 * Design note.  Every label of the page is one row of one table, in
 * English and Polish (--lang), looked up by a key; a key without a row
 * is shown as itself, so a metric added to the JSON report later still
 * appears, under its field name.  Numbers follow the language: English
 * 12,345 and 85.7%, Polish 12 345 and 85,7% (no-break spaces, decimal
 * comma); durations are whole seconds shown as 42 s, 12 min, 1 h 05 min,
 * 2 d 4 h.  Everything that comes from data (profile, agent, tag and
 * brand names, file paths of the definitions) goes through sc_html_esc(),
 * which escapes the five HTML specials and replaces control characters,
 * so no record can add markup to the page.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "stats_html_int.h"

static const struct label {
	const char *key, *en, *pl;
} labels[] = {
	{"title", "Customer care report", "Raport obs\u0142ugi klienta"},
	{"period", "Period", "Okres"},
	{"all_data", "all records read", "wszystkie wczytane rekordy"},
	{"zone", "time zone", "strefa czasowa"},
	{"headline", "Headline figures", "Najwa\u017cniejsze wska\u017aniki"},
	{"in", "Incoming messages", "Wiadomo\u015bci przychodz\u0105ce"},
	{"out", "Brand replies", "Odpowiedzi marki"},
	{"out_auto", "of them automated", "w tym automatyczne"},
	{"answered", "Answered", "Z odpowiedzi\u0105"},
	{"unanswered", "Unanswered", "Bez odpowiedzi"},
	{"response_rate", "Response rate", "Odsetek odpowiedzi"},
	{"frt_median_s", "Median first response", "Mediana pierwszej odpowiedzi"},
	{"frt_pct", "first response", "czasu pierwszej odpowiedzi"},
	{"frt_mean_s", "Mean first response", "\u015arednia pierwszej odpowiedzi"},
	{"frt_bh_median_s", "Median first response, business hours",
	 "Mediana pierwszej odpowiedzi, godziny pracy"},
	{"within", "Answered within", "Odpowied\u017a w ci\u0105gu"},
	{"target", "target", "cel"},
	{"met", "target met", "cel osi\u0105gni\u0119ty"},
	{"missed", "below target", "poni\u017cej celu"},
	{"threads", "Conversations", "Rozmowy"},
	{"resolved", "Resolved conversations", "Rozwi\u0105zane rozmowy"},
	{"resolution_median_s", "Median resolution time", "Mediana czasu rozwi\u0105zania"},
	{"fcr_rate", "First-contact resolution", "Rozwi\u0105zane przy pierwszym kontakcie"},
	{"reopened", "Reopened", "Ponownie otwarte"},
	{"escalated", "Escalated", "Eskalowane"},
	{"csat", "Customer satisfaction (CSAT)", "Zadowolenie klient\u00f3w (CSAT)"},
	{"csat_mean", "mean score", "\u015brednia ocena"},
	{"csat_n", "surveys", "ankiety"},
	{"nps", "Net Promoter Score", "Net Promoter Score"},
	{"nps_n", "answers", "odpowiedzi"},
	{"within_sla", "Answered by the message's own deadline",
	 "Odpowied\u017a w terminie wiadomo\u015bci"},
	{"sla_due_n", "messages with a deadline", "wiadomo\u015bci z terminem"},
	{"visible_help", "Public problems answered in public",
	 "Publiczne problemy z publiczn\u0105 odpowiedzi\u0105"},
	{"public_problems", "public problem threads", "publiczne w\u0105tki z problemem"},
	{"sentiment_after", "Sentiment after the brand's answer",
	 "Wyd\u017awi\u0119k po odpowiedzi marki"},
	{"sentiment_after_n", "customer messages after an answer",
	 "wiadomo\u015bci klient\u00f3w po odpowiedzi"},
	{"notes", "Notes", "Notatki"},
	{"resolutions", "Resolutions", "Rozwi\u0105zania"},
	{"escalations", "Escalations", "Eskalacje"},
	{"escalation_rate", "Escalation rate", "Odsetek eskalacji"},
	{"followup_rate", "Follow-up rate", "Odsetek ponownych wiadomo\u015bci"},
	{"threads_top", "Threads that need attention", "W\u0105tki wymagaj\u0105ce uwagi"},
	{"threads_active", "Most active", "Najaktywniejsze"},
	{"threads_neg", "Most negative", "Najbardziej negatywne"},
	{"thread", "Thread", "W\u0105tek"},
	{"sentiment_negative", "negative share", "udzia\u0142 negatywnych"},
	{"prev", "previous period", "poprzedni okres"},
	{"vs_prev", "vs previous period", "wobec poprzedniego okresu"},
	{"daily", "Daily volume by channel", "Liczba wiadomo\u015bci dziennie wed\u0142ug kana\u0142u"},
	{"daily_desc", "Incoming customer messages per day, stacked by platform; "
	 "numbered marks are the spikes listed below.",
	 "Wiadomo\u015bci klient\u00f3w dziennie, s\u0142upki podzielone na platformy; "
	 "numerowane znaczniki to skoki wymienione ni\u017cej."},
	{"sla_daily", "Share answered within SLA per day",
	 "Odsetek odpowiedzi w SLA dzie\u0144 po dniu"},
	{"sla_daily_desc", "Share of each day's incoming messages answered within each "
	 "SLA threshold; the dashed line is the target.",
	 "Odsetek wiadomo\u015bci danego dnia z odpowiedzi\u0105 w progu SLA; "
	 "linia przerywana to cel."},
	{"day", "Day", "Dzie\u0144"},
	{"total", "Total", "Razem"},
	{"spikes", "Spikes", "Skoki liczby wiadomo\u015bci"},
	{"spikes_none", "No hour reached the spike threshold.",
	 "\u017badna godzina nie przekroczy\u0142a progu skoku."},
	{"spike_rule", "An hour is a spike when its count is at least the threshold: "
	 "the larger of the minimum and the factor times the mean hourly count "
	 "of the window before it.",
	 "Godzina jest skokiem, gdy liczba wiadomo\u015bci osi\u0105ga pr\u00f3g: "
	 "wi\u0119ksz\u0105 z warto\u015bci minimum oraz krotno\u015bci \u015bredniej "
	 "godzinowej z okna przed ni\u0105."},
	{"hour", "Hour", "Godzina"},
	{"count", "Messages", "Wiadomo\u015bci"},
	{"baseline", "Baseline per hour", "\u015arednia na godzin\u0119"},
	{"threshold", "Threshold", "Pr\u00f3g"},
	{"frt_dist", "First response time distribution",
	 "Rozk\u0142ad czasu pierwszej odpowiedzi"},
	{"frt_dist_desc", "Share of incoming messages by wall-clock time to the first "
	 "answer, with the median and the percentile marked.",
	 "Odsetek wiadomo\u015bci wed\u0142ug czasu do pierwszej odpowiedzi (zegarowo), "
	 "z zaznaczon\u0105 median\u0105 i percentylem."},
	{"bucket", "First response", "Pierwsza odpowied\u017a"},
	{"share", "Share", "Udzia\u0142"},
	{"cumulative", "Answered by then", "Z odpowiedzi\u0105 do tego czasu"},
	{"over", "over", "ponad"},
	{"upto", "up to", "do"},
	{"median", "median", "mediana"},
	{"heat_in", "Incoming messages by hour of week",
	 "Wiadomo\u015bci przychodz\u0105ce wed\u0142ug godziny tygodnia"},
	{"heat_frt", "Median first response by hour of week, in minutes",
	 "Mediana pierwszej odpowiedzi wed\u0142ug godziny tygodnia, w minutach"},
	{"heat_note", "Darker cells are higher; each cell shows its figure.",
	 "Ciemniejsze pola to wy\u017csze warto\u015bci; ka\u017cde pole podaje liczb\u0119."},
	{"profiles", "Per profile", "Wed\u0142ug profilu"},
	{"profile", "Profile", "Profil"},
	{"agents", "Per moderator", "Wed\u0142ug moderatora"},
	{"agent", "Moderator", "Moderator"},
	{"agent_note", "A customer message belongs to the moderator who answered it; "
	 "unanswered messages are in the row without a moderator.",
	 "Wiadomo\u015b\u0107 klienta nale\u017cy do moderatora, kt\u00f3ry na ni\u0105 "
	 "odpowiedzia\u0142; wiadomo\u015bci bez odpowiedzi s\u0105 w wierszu bez moderatora."},
	{"none", "(none)", "(brak)"},
	{"shares", "Categories, sentiment and tags", "Kategorie, wyd\u017awi\u0119k i tagi"},
	{"category", "Category", "Kategoria"},
	{"sentiment", "Sentiment", "Wyd\u017awi\u0119k"},
	{"tag", "Tag", "Tag"},
	{"triaged", "Triaged messages", "Sklasyfikowane wiadomo\u015bci"},
	{"change", "Change", "Zmiana"},
	{"no_triage", "No record carries triage: run sc-triage first.",
	 "\u017baden rekord nie ma klasyfikacji: najpierw sc-triage."},
	{"no_prev", "No previous period: give --since and --until.",
	 "Brak poprzedniego okresu: podaj --since i --until."},
	{"figures", "All figures of the period", "Wszystkie wska\u017aniki okresu"},
	{"field", "Field", "Pole"},
	{"value", "Value", "Warto\u015b\u0107"},
	{"definitions", "Definitions", "Definicje"},
	{"defs_note", "The choices behind every figure, as printed with the JSON "
	 "report, and the flags that, added to this report's, give each part of "
	 "this page as sc-stats JSON.",
	 "Za\u0142o\u017cenia ka\u017cdego wska\u017anika, jak w raporcie JSON, "
	 "oraz flagi, kt\u00f3re dodane do flag tego raportu daj\u0105 ka\u017cd\u0105 "
	 "cz\u0119\u015b\u0107 tej strony jako JSON sc-stats."},
	{"views", "Parts of the page", "Cz\u0119\u015bci strony"},
	{"generated", "Made by sc-stats", "Wygenerowano przez sc-stats"},
	{"lang", "language", "j\u0119zyk"},
	{"sla_target", "SLA target", "cel SLA"},
	{"mon", "Mon", "pon"}, {"tue", "Tue", "wt"}, {"wed", "Wed", "\u015br"},
	{"thu", "Thu", "czw"}, {"fri", "Fri", "pt"}, {"sat", "Sat", "sob"},
	{"sun", "Sun", "niedz"},
	{"question", "question", "pytanie"}, {"complaint", "complaint", "reklamacja"},
	{"bug", "bug", "b\u0142\u0105d"}, {"praise", "praise", "pochwa\u0142a"},
	{"opinion", "opinion", "opinia"}, {"spam", "spam", "spam"},
	{"hate", "hate", "hejt"}, {"other", "other", "inne"},
	{"positive", "positive", "pozytywny"}, {"neutral", "neutral", "neutralny"},
	{"negative", "negative", "negatywny"},
	{"v_total", "headline figures, definitions, shares", "wska\u017aniki, definicje, udzia\u0142y"},
	{"v_day", "per-day table, SLA per day", "tabela dzienna, SLA dziennie"},
	{"v_day_platform", "daily volume by channel", "liczba dziennie wed\u0142ug kana\u0142u"},
	{"v_hour_of_week", "heatmaps", "mapy godzin tygodnia"},
	{"v_profile", "per-profile table", "tabela profili"},
	{"v_agent", "per-moderator table", "tabela moderator\u00f3w"},
	{"v_tag", "tag shares", "udzia\u0142y tag\u00f3w"},
	{"v_frt", "first response distribution", "rozk\u0142ad pierwszej odpowiedzi"},
	{"v_spikes", "spikes", "skoki"},
	{"v_previous", "previous period", "poprzedni okres"},
	{"v_previous_tag", "tags of the previous period", "tagi poprzedniego okresu"},
	{"v_thread", "threads that need attention", "w\u0105tki wymagaj\u0105ce uwagi"},
};

static const struct {
	const char *v, *label;
} platforms[] = {
	{"facebook", "Facebook"}, {"instagram", "Instagram"}, {"x", "X"},
	{"youtube", "YouTube"}, {"google", "Google"}, {"tiktok", "TikTok"},
	{"linkedin", "LinkedIn"}, {"email", "E-mail"},
};

const char *
sc_html_l(const struct sc_stats_html *h, const char *key)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (strcmp(labels[i].key, key) == 0)
			return h->lang == SC_HTML_PL ? labels[i].pl : labels[i].en;
	return key;
}

const char *
sc_html_value_label(const struct sc_stats_html *h, const char *key, const char *v)
{
	if (v == NULL)
		return sc_html_l(h, "none");
	if (strcmp(key, "platform") == 0) {
		for (size_t i = 0; i < sizeof(platforms) / sizeof(platforms[0]); i++)
			if (strcmp(platforms[i].v, v) == 0)
				return platforms[i].label;
		return v;
	}
	if (strcmp(key, "weekday") == 0 || strcmp(key, "category") == 0 ||
	    strcmp(key, "sentiment") == 0)
		return sc_html_l(h, v);
	return v;
}

void
sc_html_escn(struct sc_buf *b, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		switch (c) {
		case '&': sc_buf_adds(b, "&amp;"); break;
		case '<': sc_buf_adds(b, "&lt;"); break;
		case '>': sc_buf_adds(b, "&gt;"); break;
		case '"': sc_buf_adds(b, "&quot;"); break;
		case '\'': sc_buf_adds(b, "&#39;"); break;
		default:
			/* C0 controls and DEL are not allowed in HTML text; C1
			   (U+0080..U+009F, bytes C2 80..C2 9F) neither */
			if (c < 0x20 || c == 0x7f)
				sc_buf_addc(b, ' ');
			else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
				 (unsigned char)s[i + 1] <= 0x9f) {
				sc_buf_addc(b, ' ');
				i++;
			} else
				sc_buf_addc(b, (char)c);
		}
	}
}

void
sc_html_esc(struct sc_buf *b, const char *s)
{
	sc_html_escn(b, s, strlen(s));
}

/* Digits of an integer with the language's thousands separator. */
static void
group_digits(const struct sc_stats_html *h, struct sc_buf *b, const char *digits)
{
	size_t n = strlen(digits), i;
	int pl = h->lang == SC_HTML_PL;

	if (*digits == '-') {
		sc_buf_addc(b, '-');
		digits++;
		n--;
	}
	for (i = 0; i < n; i++) {
		/* Polish groups from five digits up (1000, 12 345) */
		if (i && (n - i) % 3 == 0 && n >= (pl ? 5u : 4u))
			sc_buf_adds(b, pl ? "\u00a0" : ",");
		sc_buf_addc(b, digits[i]);
	}
}

void
sc_html_count(const struct sc_stats_html *h, struct sc_buf *b, double v)
{
	char t[64];

	snprintf(t, sizeof(t), "%.0f", v);
	group_digits(h, b, t);
}

/* v with one decimal, in the language's decimal sign. */
static void
one_decimal(const struct sc_stats_html *h, struct sc_buf *b, double v)
{
	char t[64], *dot;

	snprintf(t, sizeof(t), "%.1f", v);
	if (strcmp(t, "-0.0") == 0)
		snprintf(t, sizeof(t), "0.0");
	dot = strchr(t, '.');
	if (dot)
		*dot = '\0';
	group_digits(h, b, t);
	if (dot) {
		sc_buf_addc(b, h->lang == SC_HTML_PL ? ',' : '.');
		sc_buf_adds(b, dot + 1);
	}
}

void
sc_html_share(const struct sc_stats_html *h, struct sc_buf *b, double v)
{
	one_decimal(h, b, v * 100.0);
	sc_buf_adds(b, "%");
}

void
sc_html_pp(const struct sc_stats_html *h, struct sc_buf *b, double diff)
{
	double pp = diff * 100.0;

	/* the sign in words' place, so the change reads without colour */
	if (pp >= 0.05)
		sc_buf_adds(b, "\u25b2 +");
	else if (pp <= -0.05)
		sc_buf_adds(b, "\u25bc \u2212");
	else
		sc_buf_adds(b, "= ");
	one_decimal(h, b, fabs(pp));
	sc_buf_adds(b, h->lang == SC_HTML_PL ? "\u00a0p.p." : "\u00a0pp");
}

void
sc_html_duration(const struct sc_stats_html *h, struct sc_buf *b, double secs)
{
	long long s = llround(secs);
	const char *nb = "\u00a0";

	if (s < 60)
		sc_buf_printf(b, "%lld%ss", s, nb);
	else if (s < 600 && s % 60)
		sc_buf_printf(b, "%lld%smin %lld%ss", s / 60, nb, s % 60, nb);
	else if (s < 3600)
		sc_buf_printf(b, "%lld%smin", (s + 30) / 60, nb);
	else if (s < 86400) {
		long long m = (s + 30) / 60;
		sc_buf_printf(b, "%lld%sh %02lld%smin", m / 60, nb, m % 60, nb);
	} else {
		long long hr = (s + 1800) / 3600;
		sc_buf_printf(b, "%lld%sd %lld%sh", hr / 24, nb, hr % 24, nb);
	}
}

static int
is_share(const char *f)
{
	size_t n = strlen(f);

	return strncmp(f, "within_", 7) == 0 || (n > 5 && strcmp(f + n - 5, "_rate") == 0) ||
	       strncmp(f, "category_", 9) == 0 || strncmp(f, "sentiment_", 10) == 0 ||
	       strncmp(f, "priority_", 9) == 0 || strncmp(f, "share_", 6) == 0 ||
	       strcmp(f, "csat") == 0 || strcmp(f, "visible_help") == 0;
}

void
sc_html_value(const struct sc_stats_html *h, struct sc_buf *b, const char *field,
	      const json_t *v)
{
	size_t n = strlen(field);

	if (v == NULL || json_is_null(v)) {
		sc_buf_adds(b, "\u2013");
	} else if (json_is_number(v)) {
		double x = json_number_value(v);
		if (is_share(field))
			sc_html_share(h, b, x);
		else if (n > 2 && strcmp(field + n - 2, "_s") == 0)
			sc_html_duration(h, b, x);
		else if (x == floor(x))
			sc_html_count(h, b, x);
		else
			one_decimal(h, b, x);
	} else if (json_is_string(v)) {
		sc_html_esc(b, json_string_value(v));
	} else if (json_is_true(v) || json_is_false(v)) {
		sc_buf_adds(b, json_is_true(v) ? "\u2713" : "\u2717");
	} else {
		/* an object or array a later metric may carry: its JSON, escaped */
		char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		sc_html_esc(b, t ? t : "");
		free(t);
	}
}

double
sc_html_num(const json_t *row, const char *field, int *ok)
{
	const json_t *v = row ? json_object_get(row, field) : NULL;

	if (ok)
		*ok = v != NULL && json_is_number(v);
	return v && json_is_number(v) ? json_number_value(v) : 0.0;
}

const char *
sc_html_str(const json_t *row, const char *field)
{
	const json_t *v = row ? json_object_get(row, field) : NULL;

	return v && json_is_string(v) ? json_string_value(v) : NULL;
}

/* The value as JSON text: integers as integers, reals with 15 digits. */
static void
json_text(struct sc_buf *b, const json_t *v)
{
	if (v == NULL || json_is_null(v))
		sc_buf_adds(b, "null");
	else if (json_is_integer(v))
		sc_buf_printf(b, "%lld", (long long)json_integer_value(v));
	else if (json_is_real(v))
		sc_buf_printf(b, "%.15g", json_real_value(v));
	else {
		char *t = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		sc_html_esc(b, t ? t : "");
		free(t);
	}
}

void
sc_html_data(struct sc_buf *b, const struct hview *v, const json_t *row, const char *field)
{
	sc_buf_printf(b, " data-view=\"%s\" data-g=\"[", v->name);
	for (int i = 0; i < v->o.nby; i++) {
		const json_t *kv = json_object_get(row, sc_stats_key_names[v->o.by[i]]);
		char *t = json_dumps(kv ? kv : json_null(), JSON_COMPACT | JSON_ENCODE_ANY);
		if (i)
			sc_buf_addc(b, ',');
		sc_html_esc(b, t ? t : "null");
		free(t);
	}
	sc_buf_adds(b, "]\" data-f=\"");
	sc_html_esc(b, field);
	sc_buf_adds(b, "\" data-v=\"");
	json_text(b, json_object_get(row, field));
	sc_buf_adds(b, "\"");
	if (v->o.spikes) {
		/* alerts have no group key: their place in the output */
		size_t i, n = json_array_size(v->rows);
		for (i = 0; i < n && json_array_get(v->rows, i) != row; i++)
			;
		sc_buf_printf(b, " data-i=\"%zu\"", i);
	}
}

void
sc_html_cell(const struct sc_stats_html *h, const char *el, const struct hview *v,
	     const json_t *row, const char *field)
{
	sc_buf_printf(h->b, "<%s", el);
	sc_html_data(h->b, v, row, field);
	sc_buf_addc(h->b, '>');
	sc_html_value(h, h->b, field, json_object_get(row, field));
	/* el may carry attributes: close with its name alone */
	sc_buf_printf(h->b, "</%.*s>", (int)strcspn(el, " "), el);
}
