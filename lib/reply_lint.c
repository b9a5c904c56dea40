/*
 * reply_lint.c - the checks sc-reply --lint makes on a template's text
 * beyond compiling it (lib/reply_tmpl.c calls these under lint):
 *
 *   - every placeholder error of the text, not only the first (compiling
 *     stops at one; here it starts again after it);
 *   - placeholder domains (example.com, example.pl, localhost, ...) in the
 *     text or a fallback: a customer must never be sent there;
 *   - phrases that send the customer away from the conversation ("call the
 *     hotline", "napisz e-mail", "zadzwoń") - the "stay in social" rule; a
 *     warning, since a safety answer must give the emergency number, and a
 *     row may allow it with "elsewhere" in its lint column;
 *   - Polish formal address (Pan, Pani, Państwo) mixed with informal
 *     second-person forms (Cię, Twój, napisz) in one template;
 *   - an invitation (dm-invite) that says a private message was sent on a
 *     platform where none can be opened first (X, TikTok, LinkedIn,
 *     YouTube, Google): there it must invite the customer to write.
 *
 * Matching uses the keyword folding of lib/reply_text.c (lower case, no
 * diacritics, words), so "Zadzwoń" and "zadzwon" are the same phrase.
 */
#include <stdlib.h>
#include <string.h>

#include "reply.h"

/* Byte offset of 1-based character col in s. */
static size_t
byte_of_char(const char *s, long col)
{
	size_t i = 0;
	long c = 1;

	while (s[i] && c < col) {
		i++;
		while (((unsigned char)s[i] & 0xC0) == 0x80)
			i++;
		c++;
	}
	return i;
}

long
sc_tmpl_lint_compile(const char *text, sc_tmpl_report_fn report, void *ctx)
{
	size_t off = 0, len = strlen(text);
	long chars_before = 0, n = 0;

	while (off < len) {
		struct sc_piece *p;
		size_t np, at, next;
		struct sc_error e;

		sc_error_clear(&e);
		if (sc_tmpl_compile(text + off, &p, &np, &e) == 0) {
			sc_tmpl_pieces_free(p, np);
			break;
		}
		report(ctx, 0, chars_before + e.column, e.text);
		n++;
		/* start again after the placeholder (or brace) that failed */
		at = off + byte_of_char(text + off, e.column);
		next = at + 1;
		if (text[at] == '{') {
			const char *close = strpbrk(text + at + 1, "{}");
			if (close && *close == '}')
				next = (size_t)(close - text) + 1;
		}
		chars_before += (long)sc_utf8_count(text + off, next - off);
		off = next;
	}
	return n;
}

/* Placeholder domains (the RFC 2606 second-level names and the like),
   looked for in the lower-cased text. */
static const char *const placeholder_domains[] = {
	"example.com", "example.org", "example.net", "example.pl", "example.eu",
	"domain.com", "yourdomain", "twojadomena", "localhost", "test.com", "adres.pl",
	NULL
};

/* Phrases that send the customer away from the conversation. */
static const char *const elsewhere[] = {
	"zadzwon*", "dzwon*", "infolini*", "telefonicznie", "mailowo", "e mail*", "mail*",
	"emailem", "napisz na adres", "formularz kontaktowy", "call", "calling", "phone us",
	"ring us", "hotline", "helpline", "email*", "e mail us", "contact form",
	"visit our store", "odwiedz nasz sklep",
	NULL
};

/* Polish formal address in the literal text, and informal forms. */
static const char *const formal_words[] = {
	"pan", "pana", "panu", "panem", "pani", "pania", "panstwo", "panstwa", "panstwu",
	"panstwem", NULL
};
static const char *const informal_words[] = {
	"cie", "ci", "ciebie", "tobie", "toba", "twoj", "twoja", "twoje", "twoja", "twojego",
	"twojej", "twoim", "twoich", "masz", "mozesz", "napisz", "daj", "podaj", "sprawdz",
	"jestes", "zadzwon", "dzwon", "kliknij", "wejdz", "wyslij", "zobacz", "chcesz",
	"potrzebujesz", NULL
};

/* What claims that a private message was already sent. */
static const char *const claims_sent[] = {
	"sent you", "we ve sent", "we have sent", "ve messaged you", "napisalismy do",
	"napisalem do", "wyslalismy", "wyslalem", "wyslalam", "napisalam do", NULL
};
/* Platforms where the brand cannot open a private conversation. */
static const char *const no_private_reply[] = {
	"x", "twitter", "tiktok", "linkedin", "youtube", "google", "threads", NULL
};

static const char *
first_hit(const char *const *list, const char *folded)
{
	size_t k;

	for (k = 0; list[k]; k++)
		if (sc_keyword_match(list[k], folded))
			return list[k];
	return NULL;
}

/* The literal text of a template (fallbacks included, placeholders' own
   text forms too: {we:...}, {g:...}, {emoji:...}), for phrase checks. */
static char *
literal_text_new(const struct sc_piece *p, size_t n)
{
	struct sc_buf b;
	size_t i;
	int k;

	sc_buf_init(&b);
	sc_buf_adds(&b, "");
	for (i = 0; i < n; i++) {
		if (p[i].kind == SC_PH_LIT)
			sc_buf_adds(&b, p[i].text);
		for (k = 0; k < 3; k++)
			if (p[i].opt[k]) {
				sc_buf_addc(&b, ' ');
				sc_buf_adds(&b, p[i].opt[k]);
			}
		if (p[i].fallback) {
			sc_buf_addc(&b, ' ');
			sc_buf_adds(&b, p[i].fallback);
		}
		sc_buf_addc(&b, ' ');
	}
	return b.data;
}

long
sc_tmpl_lint_text(const struct sc_tmpl *t, const char *allow, sc_tmpl_report_fn report,
		  void *ctx)
{
	char *lit = literal_text_new(t->pieces, t->npieces);
	char *folded = sc_keyword_fold_new(lit);
	char *lower = sc_text_lower_new(lit, 0);
	const char *hit, *inf;
	char msg[300];
	long n = 0;
	size_t i;
	int k;

	for (k = 0, hit = NULL; placeholder_domains[k] && hit == NULL; k++)
		if (strstr(lower, placeholder_domains[k]))
			hit = placeholder_domains[k];
	if (hit != NULL) {
		snprintf(msg, sizeof(msg), "placeholder domain '%s' (links belong in profiles.csv "
			 "link_* columns: write {link:NAME})", hit);
		report(ctx, 0, 0, msg);
		n++;
	}
	if ((*t->lang == '\0' || strstr(t->lang, "pl")) &&
	    (hit = first_hit(formal_words, folded)) != NULL &&
	    (inf = first_hit(informal_words, folded)) != NULL) {
		snprintf(msg, sizeof(msg), "mixes the formal '%s' with the informal '%s' "
			 "(write one row per formality)", hit, inf);
		report(ctx, 0, 0, msg);
		n++;
	}
	/* the links' fallbacks hold text too: an http link there is a link
	   no profile defines */
	for (i = 0; i < t->npieces; i++)
		if (t->pieces[i].kind == SC_PH_LINK && t->pieces[i].fallback &&
		    (strstr(t->pieces[i].fallback, "http") || strstr(t->pieces[i].fallback, "www."))) {
			snprintf(msg, sizeof(msg), "{link:%s} falls back to a fixed link (character "
				 "%ld of text): define link_%s in profiles.csv instead",
				 t->pieces[i].text, t->pieces[i].offset, t->pieces[i].text);
			report(ctx, 0, t->pieces[i].offset, msg);
			n++;
		}
	if (strcmp(t->id, "dm-invite") == 0 && (hit = first_hit(claims_sent, folded)) != NULL) {
		char *pf = sc_keyword_fold_new(t->platform);
		const char *pl = *pf ? first_hit(no_private_reply, pf) : "x";

		if (pl) {
			snprintf(msg, sizeof(msg), "the invitation says '%s' but on %s no private "
				 "message can be sent first: invite the customer to write", hit, pl);
			report(ctx, 0, 0, msg);
			n++;
		}
		free(pf);
	}
	k = allow && sc_keyword_match("elsewhere", allow);
	if (!k && (hit = first_hit(elsewhere, folded)) != NULL) {
		snprintf(msg, sizeof(msg), "'%s' sends the customer away from the conversation "
			 "(stay in social; write elsewhere in the lint column to allow it)", hit);
		report(ctx, 1, 0, msg);
	}
	free(folded);
	free(lower);
	free(lit);
	return n;
}
