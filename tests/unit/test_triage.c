/*
 * test_triage.c - unit tests for lib/triage*.c: folding, tokens,
 * patterns and negation, PII checksums and detectors.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "text_int.h"
#include "triage.h"

static int
folds_to(const char *in, const char *want)
{
	struct sc_buf b;
	int ok;

	sc_buf_init(&b);
	sc_fold(in, strlen(in), &b);
	sc_buf_addc(&b, '\0');
	ok = strcmp(b.data, want) == 0;
	if (!ok)
		printf("fold(%s) = %s\n", in, b.data);
	sc_buf_release(&b);
	return ok;
}

/* s with its personal data redacted is want */
static int
redacts_to(const char *s, const char *want)
{
	struct sc_pii_hit h[16];
	size_t n = sc_pii_scan(s, strlen(s), h, 16);
	struct sc_buf b;
	int ok;

	sc_buf_init(&b);
	sc_pii_redact(s, strlen(s), h, n, &b);
	sc_buf_addc(&b, '\0');
	ok = strcmp(b.data, want) == 0;
	if (!ok)
		printf("redact(%s) = '%s', want '%s'\n", s, b.data, want);
	sc_buf_release(&b);
	return ok;
}

/* sc_lang_detect on s is want */
static int
lang_is(const char *s, const char *want)
{
	struct sc_text t;
	const char *got;
	int ok;

	sc_text_init(&t);
	sc_text_set(&t, s, strlen(s), NULL);
	got = sc_lang_detect(s, strlen(s), &t);
	ok = strcmp(got, want) == 0;
	if (!ok)
		printf("lang(%s) = %s, want %s\n", s, got, want);
	sc_text_release(&t);
	return ok;
}

/* kinds found in s, as "email,phone" */
static int
pii_is(const char *s, const char *want)
{
	struct sc_pii_hit h[16];
	size_t n = sc_pii_scan(s, strlen(s), h, 16), i;
	char got[200] = "";
	size_t o = 0;

	for (i = 0; i < n; i++)
		o += (size_t)snprintf(got + o, sizeof(got) - o, "%s%s", i ? "," : "",
				      sc_pii_names[h[i].kind]);
	if (strcmp(got, want) != 0)
		printf("pii(%s) = '%s', want '%s'\n", s, got, want);
	return strcmp(got, want) == 0;
}

static int
count(const char *pattern, const char *text, int *neg)
{
	struct sc_matcher *m = sc_matcher_new();
	struct sc_text t;
	const char *why;
	int hit[1] = {0}, ng[1] = {0};

	sc_lexicon_builtin(m, (1u << SC_LX_NCLASS) - 1);	/* negators only */
	sc_matcher_add(m, pattern, 0, &why);
	sc_text_init(&t);
	sc_text_set(&t, text, strlen(text), m);
	sc_matcher_run(m, &t, hit, ng, 1);
	sc_text_release(&t);
	sc_matcher_free(m);
	if (neg)
		*neg = ng[0];
	return hit[0];
}

/*
 * The first-word index against the reference matcher (every token tried
 * against its first-byte bucket and every '*' pattern): the same counts
 * for text s, with the matcher's lemmas (lemmas != 0) and without, and
 * for its de-obfuscated forms as sc-triage matches them.  Returns 1 when
 * all agree (else prints the first difference).
 */
static int
same_counts(const struct sc_matcher *m, int nowners, const char *s, int lemmas)
{
	struct sc_text t;
	int *h1 = calloc((size_t)nowners, sizeof(int)), *n1 = calloc((size_t)nowners, sizeof(int));
	int *h2 = calloc((size_t)nowners, sizeof(int)), *n2 = calloc((size_t)nowners, sizeof(int));
	int ok = 1, k, pass;
	struct sc_buf alt;

	sc_text_init(&t);
	sc_buf_init(&alt);
	for (pass = 0; pass < 4 && ok; pass++) {
		if (pass == 0) {
			sc_text_set(&t, s, strlen(s), lemmas ? m : NULL);
		} else {
			sc_buf_reset(&alt);
			sc_text_set(&t, s, strlen(s), NULL);
			if (!sc_deobfuscate(t.fold.data, t.fold.len, "uio"[pass - 1], &alt))
				break;
			sc_text_set(&t, alt.data, alt.len, NULL);
		}
		memset(h1, 0, (size_t)nowners * sizeof(int));
		memset(n1, 0, (size_t)nowners * sizeof(int));
		memset(h2, 0, (size_t)nowners * sizeof(int));
		memset(n2, 0, (size_t)nowners * sizeof(int));
		sc_matcher_run(m, &t, h1, n1, nowners);
		sc_matcher_run_reference(m, &t, h2, n2, nowners);
		for (k = 0; k < nowners && ok; k++)
			if (h1[k] != h2[k] || n1[k] != n2[k]) {
				printf("owner %d: index %d/%d, reference %d/%d (pass %d) in: %s\n", k,
				       h1[k], n1[k], h2[k], n2[k], pass, s);
				ok = 0;
			}
	}
	sc_buf_release(&alt);
	sc_text_release(&t);
	free(h1);
	free(n1);
	free(h2);
	free(n2);
	return ok;
}

/* same_counts over the text column (the last) of every line of a TSV
   file, then over extra; the number of texts that differ, -1 when the
   file cannot be read. */
static int
diff_texts(const struct sc_matcher *m, int nowners, const char *path, const char *const *extra,
	   int lemmas, int *ntexts)
{
	FILE *f = fopen(path, "r");
	char line[8192];
	int bad = 0, k;

	*ntexts = 0;
	if (f == NULL)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		char *tab = strrchr(line, '\t'), *nl;
		if (tab == NULL)
			continue;
		if ((nl = strchr(tab, '\n')) != NULL)
			*nl = '\0';
		bad += !same_counts(m, nowners, tab + 1, lemmas);
		(*ntexts)++;
	}
	fclose(f);
	for (k = 0; extra[k]; k++, (*ntexts)++)
		bad += !same_counts(m, nowners, extra[k], lemmas);
	return bad;
}

int
main(void)
{
	struct sc_matcher *m;
	struct sc_text t;
	const char *why;
	int neg, i;

	/* folding: Unicode case, Polish diacritics, not byte-wise */
	CHECK("Ł folds to l", folds_to("ŁÓDŹ", "lodz"));
	CHECK("all Polish letters", folds_to("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż", "acelnoszz acelnoszz"));
	CHECK("nie działa", folds_to("NIE DZIAŁA", "nie dziala"));
	CHECK("german", folds_to("Straße Ärger", "strasse arger"));
	CHECK("cyrillic", folds_to("ПРИВЕТ", "привет"));
	CHECK("quotes", folds_to("don\xe2\x80\x99t", "don't"));
	CHECK("emoji kept", folds_to("OK \xf0\x9f\x98\x8d", "ok \xf0\x9f\x98\x8d"));
	CHECK("invalid byte", folds_to("a\xff", "a\xef\xbf\xbd"));

	/* word patterns */
	CHECK("prefix", sc_word_match("reklamac*", 9, "reklamacja", 10));
	CHECK("prefix no", !sc_word_match("reklamac*", 9, "rekla", 5));
	CHECK("infix", sc_word_match("*zwrot*", 7, "bezzwrotny", 10));
	CHECK("suffix", sc_word_match("*acja", 5, "reklamacja", 10));
	CHECK("exact", !sc_word_match("zwrot", 5, "zwrotu", 6));
	m = sc_matcher_new();
	CHECK("star inside accepted", sc_matcher_add(m, "rek*lam", 0, &why) == 0);
	CHECK("lone star rejected", sc_matcher_add(m, "*", 0, &why) < 0);
	CHECK("only gaps rejected", sc_matcher_add(m, "* **", 0, &why) < 0);
	CHECK("empty rejected", sc_pattern_check(" ,", &why) < 0);
	sc_matcher_free(m);

	/* matching with diacritics-free writing and inflection */
	CHECK("star inside a word", sc_word_match("rek*ja", 6, "reklamacja", 10));
	CHECK("two stars inside", sc_word_match("*z*t*", 5, "bezzwrotny", 10));
	CHECK("star inside no", !sc_word_match("rek*ja", 6, "reklamacje", 10));
	CHECK("gap", count("gdzie * paczka", "Gdzie jest moja paczka?", NULL) == 1);
	CHECK("gap zero words", count("gdzie * paczka", "gdzie paczka", NULL) == 1);
	CHECK("gap order", count("gdzie * paczka", "paczka gdzie", NULL) == 0);
	CHECK("two gaps", count("a * b * c", "a x b y y c", NULL) == 1);
	CHECK("gap leftmost", count("a * b c", "a b x b c", NULL) == 1);
	CHECK("leading gap dropped", count("* paczka", "moja paczka", NULL) == 1);
	CHECK("sharp s both ways", count("straße", "STRASSE", NULL) == 1 &&
	      count("strasse", "Straße", NULL) == 1);
	CHECK("diacritics-free text", count("nie działa", "Aplikacja nie dziala!", NULL) == 1);
	CHECK("diacritics-free pattern", count("reklamacj*", "Złożyłem REKLAMACJĘ", NULL) == 1);
	CHECK("phrase across case", count("nie działa", "NIE DZIAŁA", NULL) == 1);
	CHECK("negated keyword", count("polecam", "nie polecam", &neg) == 0 && neg == 1);
	CHECK("negation scope 3 words", count("zadowolony", "nie jestem zbyt zadowolony", &neg) == 0 &&
	      neg == 1);
	CHECK("scope stops at comma", count("zadowolony", "nie, jestem zadowolony", &neg) == 1 &&
	      neg == 0);
	CHECK("english negation", count("happy", "I'm not happy", &neg) == 0 && neg == 1);
	CHECK("don't", count("like", "I don\xe2\x80\x99t like it", &neg) == 0 && neg == 1);
	CHECK("phrase with negator", count("not happy", "NOT happy", NULL) == 1);
	CHECK("emoji pattern", count("\xf0\x9f\x98\x8d", "super\xf0\x9f\x98\x8d\xf0\x9f\x98\x8d", NULL) == 2);

	/* tokens */
	sc_text_init(&t);
	sc_text_set(&t, "@ala @ola", 9, NULL);
	CHECK("only mentions", t.only_mentions && !t.only_emoji);
	sc_text_set(&t, "\xf0\x9f\x98\x8d\xf0\x9f\x91\x8d\xf0\x9f\x8f\xbb !", 13, NULL);
	CHECK("only emoji (skin tone dropped)", t.only_emoji && t.ntok == 2);
	sc_text_set(&t, "see bit.ly/abc now", 18, NULL);
	CHECK("bare domain is a link", t.has_link && t.ntok == 3);
	sc_text_set(&t, "see https://x.pl/a?b=c", 22, NULL);
	CHECK("url", t.has_link && t.ntok == 2);
	sc_text_set(&t, "3.5 mln", 7, NULL);
	CHECK("no link in numbers", !t.has_link);
	sc_text_release(&t);

	/* checksums */
	{
		/* morphology: hunspell lemmas through the matcher's hook */
		struct sc_morph *mo = sc_morph_new(NULL);
		if (sc_morph_available(mo)) {
			struct sc_buf lb;
			struct sc_matcher *lm = sc_matcher_new();
			struct sc_text lt;
			int lh[2] = {0, 0}, ln[2] = {0, 0};
			long look, hits;
			sc_buf_init(&lb);
			CHECK("lemma alergię", sc_morph_lemmas(mo, "alergię", strlen("alergię"), &lb) == 1 &&
			      strcmp(lb.data, "alergia") == 0);
			sc_buf_reset(&lb);
			CHECK("lemma cached", sc_morph_lemmas(mo, "alergię", strlen("alergię"), &lb) == 1 &&
			      strcmp(lb.data, "alergia") == 0);
			sc_morph_counts(mo, &look, &hits);
			CHECK("cache hit counted", look == 2 && hits == 1);
			sc_buf_reset(&lb);
			CHECK("unknown word", sc_morph_lemmas(mo, "xqzzv", 5, &lb) == 0 && lb.len == 0);
			CHECK("not latin-2", sc_morph_lemmas(mo, "привет", strlen("привет"), &lb) == 0);
			sc_buf_release(&lb);
			sc_matcher_set_lemmatizer(lm, sc_morph_lemmas, mo);
			sc_lexicon_builtin(lm, (1u << SC_LX_NCLASS) - 1);
			sc_matcher_add(lm, "reakcja alergiczna", 0, &why);
			sc_matcher_add(lm, "rozciąć", 1, &why);
			sc_text_init(&lt);
			{ const char *lx = "Wystąpiła REAKCJĘ alergiczną? Rozciąłem palec"; sc_text_set(&lt, lx, strlen(lx), lm); }
			sc_matcher_run(lm, &lt, lh, ln, 2);
			CHECK("inflected phrase by lemma", lh[0] == 1);
			CHECK("inflected verb by lemma", lh[1] == 1);
			lh[0] = lh[1] = 0;
			sc_text_set(&lt, "nie rozcięłam", strlen("nie rozcięłam"), lm);
			sc_matcher_run(lm, &lt, lh, ln, 2);
			CHECK("lemma inside negation is negated", lh[1] == 0 && ln[1] == 1);
			{
				struct sc_matcher *lit = sc_matcher_new();
				int h2[1] = {0}, n2[1] = {0};
				sc_matcher_set_lemmatizer(lit, sc_morph_lemmas, mo);
				sc_matcher_add(lit, "=rozciąć", 0, &why);
				sc_text_set(&lt, "Rozciąłem palec", strlen("Rozciąłem palec"), lit);
				sc_matcher_run(lit, &lt, h2, n2, 1);
				CHECK("=word matches the written form only", h2[0] == 0);
				sc_text_set(&lt, "rozciąć", strlen("rozciąć"), lit);
				sc_matcher_run(lit, &lt, h2, n2, 1);
				CHECK("=word written form", h2[0] == 1);
				sc_matcher_free(lit);
			}
			sc_text_release(&lt);
			sc_matcher_free(lm);
		} else {
			printf("# no hunspell-pl dictionary: morphology checks not run\n");
			CHECK("hunspell-pl installed (scripts/install-deps)", 0);
		}
		sc_morph_free(mo);
	}
	/* the matcher's first-word index counts exactly what trying every
	   pattern of the token's bucket counts: the built-in lexicon and the
	   agency example rules, with hunspell lemmas, over the development
	   set and texts made to hit every kind of first word */
	{
		static const char *const extra[] = {
			"Reklamacja REKLAMACJĘ reklamacji reklamacyjny bezzwrotny zwrot zwrotu",
			"nie działa, nie dziala!!! jest źle; są ludzie, szłam, byłem",
			"k.u.r.w.a ch*j sh1t p1erdol f*ck @brand #reklamacja www.x.pl/a http://y",
			"Alergię, alergiczną reakcję, rozciąłem, Stanisławie, zatrucie pokarmowe",
			"a aa aaa * ** *** 'x' it's don't 12345 600123456 k*rwa s**t",
			"rekreacja rek*ja rekja rekXja aacja acja cja zwr zwrotny*",
			"", "?", "!!!", "\xf0\x9f\x98\xa1\xf0\x9f\x98\xa1", "\xff\xfe bad bytes \xc3",
			NULL
		};
		struct sc_morph *mo = sc_morph_new(NULL);
		struct sc_matcher *dm = sc_matcher_new(), *pm = sc_matcher_new();
		struct sc_rules *rules;
		struct sc_error err;
		static const char *const pats[] = {
			"reklamac*", "*acja", "*zwrot*", "rek*ja", "r*k*a", "nie * dziala",
			"=rozciąć", "rozciąć", "reakcja alergiczna", "* zwrot *", "być", "iść",
			"człowiek", "zwrot towaru", "*a", "a*", "*a*", "aa", "dzia*", "* nie dziala",
			NULL
		};
		int nt, bad;

		memset(&err, 0, sizeof(err));
		if (sc_morph_available(mo)) {
			sc_matcher_set_lemmatizer(dm, sc_morph_lemmas, mo);
			sc_matcher_set_lemmatizer(pm, sc_morph_lemmas, mo);
		}
		sc_lexicon_builtin(dm, 0);
		rules = sc_rules_load("scripts/examples/agency/rules.csv", dm, SC_LX_NCLASS, &err);
		CHECK("agency rules load", rules != NULL);
		if (rules) {
			int no = sc_rules_nowners(rules);
			bad = diff_texts(dm, no, "tests/data/triage-dev/set.tsv", extra, 1, &nt);
			CHECK("index = reference on the dev set, with lemmas", bad == 0 && nt > 395);
			bad = diff_texts(dm, no, "tests/data/triage-dev/set.tsv", extra, 0, &nt);
			CHECK("index = reference on the dev set, surface forms", bad == 0 && nt > 395);
			sc_rules_free(rules);
		}
		for (i = 0; pats[i]; i++)
			CHECK("edge pattern added", sc_matcher_add(pm, pats[i], i, &why) == 0);
		bad = diff_texts(pm, i, "tests/data/triage-dev/set.tsv", extra, 1, &nt);
		CHECK("index = reference, every kind of first word", bad == 0 && nt > 395);
		sc_matcher_free(pm);
		sc_matcher_free(dm);
		sc_morph_free(mo);
	}
	CHECK("luhn visa", sc_luhn_ok("4111111111111111", 16));
	CHECK("luhn bad", !sc_luhn_ok("4111111111111112", 16));
	CHECK("pesel ok", sc_pesel_ok("44051401359"));
	CHECK("pesel ok 2", sc_pesel_ok("02070803628"));
	CHECK("pesel bad checksum", !sc_pesel_ok("44051401358"));
	CHECK("pesel month 13", !sc_pesel_ok("44131401350"));
	CHECK("iban PL", sc_iban_ok("PL61109010140000071219812874", 28));
	CHECK("iban DE", sc_iban_ok("DE89370400440532013000", 22));
	CHECK("iban GB", sc_iban_ok("GB29NWBK60161331926819", 22));
	CHECK("iban bad", !sc_iban_ok("PL61109010140000071219812875", 28));
	CHECK("nrb", sc_nrb_ok("61109010140000071219812874"));
	CHECK("nrb bad", !sc_nrb_ok("61109010140000071219812873"));

	/* detectors: positives */
	CHECK("email", pii_is("pisz na jan.kowalski+x@example.com.pl.", "email"));
	CHECK("mention is not email", pii_is("@anonymized_account dzięki", ""));
	CHECK("phone 3-3-3", pii_is("tel 600 123 456", "phone"));
	CHECK("phone dashes", pii_is("600-123-456", "phone"));
	CHECK("phone landline", pii_is("dzwońcie 22 123 45 67", "phone"));
	CHECK("phone +48", pii_is("+48 600 123 456", "phone"));
	CHECK("phone +48 joined", pii_is("+48600123456", "phone"));
	CHECK("phone 0048", pii_is("0048600123456", "phone"));
	CHECK("phone E.164", pii_is("call +44 20 7946 0958", "phone"));
	CHECK("phone mobile joined", pii_is("mój numer 501234567", "phone"));
	CHECK("phone US", pii_is("(555) 123-4567", "phone"));
	CHECK("card", pii_is("karta 4111 1111 1111 1111 nie działa", "card"));
	CHECK("card amex", pii_is("378282246310005", "card"));
	CHECK("pesel", pii_is("PESEL: 44051401359", "pesel"));
	CHECK("iban", pii_is("konto PL61 1090 1014 0000 0712 1981 2874 prosze", "iban"));
	CHECK("nrb", pii_is("nr konta 61 1090 1014 0000 0712 1981 2874", "account"));
	CHECK("phone after tel.", pii_is("tel.600123456", "phone"));
	CHECK("adjacent e-mails", pii_is("a@b.plz+ta@b.pl", "email,email"));
	CHECK("iban then e-mail", pii_is("PL61109010140000071219812874 a@b.pl", "iban,email"));
	CHECK("phone 3-2-2-2", pii_is("600 12 34 56", "phone"));
	CHECK("phone (22)", pii_is("(22) 123 45 67", "phone"));
	CHECK("lowercase iban", pii_is("pl61 1090 1014 0000 0712 1981 2874", "iban"));
	CHECK("two kinds", pii_is("a@b.pl, 600123456", "email,phone"));
	/* UK national numbers (Ofcom drama ranges), 48 without "+" */
	CHECK("uk mobile 5-6", pii_is("call me on 07700 900123 please", "phone"));
	CHECK("uk mobile joined", pii_is("ring 07700900123", "phone"));
	CHECK("uk london 3-4-4", pii_is("ring me on 020 7946 0958", "phone"));
	CHECK("uk geographic 4-3-4", pii_is("0161 496 0123", "phone"));
	CHECK("uk geographic 5-6", pii_is("01632 960123", "phone"));
	CHECK("48 without plus", pii_is("pisze na WhatsApp 48 500 600 700", "phone"));
	/* a phone after a booking or order number is still a phone */
	CHECK("phone after order number",
	      pii_is("numer zamówienia 88812345, mój tel 512-345-678", "phone"));
	CHECK("uk phone after booking", pii_is("Booking ref 4839201, please call me on 07700 900123", "phone"));
	CHECK("phone after reservation",
	      pii_is("reservation 77881122 cancelled, ring me on 020 7946 0958", "phone"));
	CHECK("order number with phone word before it",
	      pii_is("zadzwonię w sprawie zamówienia 600123456", ""));
	CHECK("hotel is no phone word", pii_is("rezerwacja hotelu 600123456", ""));
	/* disguised e-mails */
	CHECK("email (at)", pii_is("pisałam na jan.kowalski (at) gmail.com i nic", "email"));
	CHECK("email [at] joined", pii_is("anna[at]wp.pl", "email"));
	CHECK("email (at) uk", pii_is("I emailed john.smith (at) example.co.uk twice", "email"));
	CHECK("email spelled dots", pii_is("contact me at mark dot taylor at outlook dot com, thanks", "email"));
	CHECK("email małpa", pii_is("pisz: ola.nowak małpa onet kropka pl", "email"));
	CHECK("look at a site is no email", pii_is("look at booking.com for prices", ""));
	CHECK("at a place is no email", pii_is("we were at the station at 5", ""));
	CHECK("meet at a name is no email", pii_is("meet me at mark dot taylor", ""));
	CHECK("disguised email is redacted whole", redacts_to("to jan.k (at) wp.pl!", "to [email]!"));
	/* language */
	CHECK("lang pl diacritics", lang_is("Dziecko dostało wysypki po batoniku", "pl"));
	CHECK("lang pl folded", lang_is("syn ma alergie na mleko, w opisie nie bylo ze jest", "pl"));
	CHECK("lang en", lang_is("Where is my parcel, it is late", "en"));
	CHECK("lang en with a Polish name", lang_is("Hi, my name is Łukasz and my order is late", "en"));
	CHECK("lang de", lang_is("Wann kommt meine Bestellung? Ich warte schon", "de"));
	CHECK("lang uk", lang_is("Чекаю вже тиждень, і ніхто не відповідає", "uk"));
	CHECK("lang ru", lang_is("Почему вы не отвечаете уже неделю", "ru"));
	CHECK("lang cyrillic unsure", lang_is("Привет", "und"));
	CHECK("lang emoji only", lang_is("👍👍", "und"));
	CHECK("lang shared word", lang_is("Super!!!", "und"));
	CHECK("lang empty", lang_is("", "und"));
	for (i = 0; i < SC_LX_NCLASS; i++)
		CHECK("every lexicon class has a name", sc_lx_names[i] != NULL);
	/* negatives */
	CHECK("date iso", pii_is("2026-11-20 o 10:30", ""));
	CHECK("date pl", pii_is("20.11.2026", ""));
	CHECK("order number", pii_is("zamówienie 123456789 nie doszło", ""));
	CHECK("order number caps", pii_is("ZAMÓWIENIE NR 600123456", ""));
	CHECK("order hash", pii_is("order #600123456", ""));
	CHECK("tracking code", pii_is("RR123456789PL", ""));
	CHECK("inpost parcel", pii_is("paczka 620123456789012345678901", ""));
	CHECK("parcel 3-3-3", pii_is("numer przesyłki 600 123 456", ""));
	CHECK("luhn failure", pii_is("4111111111111112", ""));
	CHECK("pesel bad", pii_is("44051401358", ""));
	CHECK("amount", pii_is("zapłaciłem 12 500 zł", ""));
	CHECK("price decimal", pii_is("cena 600123456,50", ""));
	CHECK("nine digits starting 1", pii_is("123456789", ""));
	CHECK("version-like", pii_is("v1.600123456", ""));
	CHECK("time range", pii_is("10:30-600123456", ""));
	CHECK("invoice card-like", pii_is("faktura 4111111111111111", ""));

	/* backtest arithmetic: spam P=2/3 R=2/2, other P=1/1 R=1/2 */
	{
		struct sc_eval *ev = sc_eval_new();
		struct sc_buf b;
		sc_eval_add(ev, "spam", "spam");
		sc_eval_add(ev, "spam", "spam");
		sc_eval_add(ev, "other", "spam");
		sc_eval_add(ev, "other", "other");
		sc_buf_init(&b);
		sc_eval_report(ev, &b);
		sc_buf_addc(&b, '\0');
		CHECK("eval count", sc_eval_count(ev) == 4);
		CHECK("eval spam row", strstr(b.data, "spam          0.667     1.000     0.800         2\n") != NULL);
		CHECK("eval other row", strstr(b.data, "other         1.000     0.500     0.667         2\n") != NULL);
		CHECK("eval accuracy", strstr(b.data, "accuracy 0.750 macro-f1 0.733 n 4\n") != NULL);
		if (!strstr(b.data, "accuracy 0.750"))
			printf("%s", b.data);
		sc_buf_release(&b);
		sc_eval_free(ev);
	}
	return DONE();
}
