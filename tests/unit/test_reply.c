/*
 * test_reply.c - unit tests for sc-reply's library: the vocative of every
 * name in tests/data/reply/names_pl.tsv, name parsing, greetings, keyword
 * folding and matching, SHA-256, X weighted length, shortening, reply
 * windows, template compile and one-pass fill, and the journal chain.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "reply.h"
#include "reply_journal.h"
#include "text.h"

static void
test_names_table(void)
{
	FILE *f = fopen("tests/data/reply/names_pl.tsv", "r");
	char line[256];
	int rows = 0, bad = 0;

	CHECK("names table opens", f != NULL);
	if (f == NULL)
		return;
	while (fgets(line, sizeof(line), f)) {
		char *name = line, *g, *voc, *nl, got[80];
		int gender = 0;

		if (line[0] == '#' || line[0] == '\n')
			continue;
		g = strchr(name, '\t');
		if (!g)
			continue;
		*g++ = '\0';
		voc = strchr(g, '\t');
		if (!voc)
			continue;
		*voc++ = '\0';
		if ((nl = strchr(voc, '\n')))
			*nl = '\0';
		if ((nl = strchr(voc, '\t')))
			*nl = '\0';	/* the formal vocative of a diminutive follows */
		rows++;
		if (sc_name_vocative(name, got, sizeof(got), &gender) < 0 ||
		    strcmp(got, voc) != 0 || gender != g[0]) {
			printf("vocative %s: got %s (%c), want %s (%s)\n", name, got,
			       gender ? gender : '?', voc, g);
			bad++;
		}
	}
	fclose(f);
	CHECK("at least 300 names", rows >= 300);
	CHECK("every vocative right", bad == 0);
}

static const char *
greet(const char *display, enum sc_reply_lang lang, int formal)
{
	static char out[160];
	struct sc_name n;

	sc_name_parse(display, &n);
	sc_name_greeting(&n, lang, formal, out, sizeof(out));
	return out;
}

static void
test_parse(void)
{
	struct sc_name n;

	CHECK("marek", strcmp(greet("Marek Kowalski", SC_LANG_PL, 0), "Cześć Marku,") == 0);
	CHECK("stanislaw formal", strcmp(greet("Stanisław Nowak", SC_LANG_PL, 1), "Panie Stanisławie,") == 0);
	CHECK("anna formal", strcmp(greet("Anna Wiśniewska", SC_LANG_PL, 1), "Pani Anno,") == 0);
	CHECK("caps", strcmp(greet("PIOTR ZIELIŃSKI", SC_LANG_PL, 0), "Cześć Piotrze,") == 0);
	CHECK("lower", strcmp(greet("łukasz", SC_LANG_PL, 0), "Cześć Łukaszu,") == 0);
	CHECK("surname first", strcmp(greet("Kowalski Jan", SC_LANG_PL, 0), "Cześć Janie,") == 0);
	CHECK("title", strcmp(greet("dr inż. Ewa Nowak", SC_LANG_PL, 1), "Pani Ewo,") == 0);
	CHECK("hyphen", strcmp(greet("Anna-Maria Lis", SC_LANG_PL, 0), "Cześć Anno,") == 0);
	CHECK("emoji", strcmp(greet("🌸Hania🌸", SC_LANG_PL, 0), "Cześć Haniu,") == 0);
	CHECK("handle", strcmp(greet("@marek_k", SC_LANG_PL, 0), "Cześć,") == 0);
	CHECK("digits", strcmp(greet("marek1985", SC_LANG_PL, 0), "Cześć,") == 0);
	CHECK("initials", strcmp(greet("M. K.", SC_LANG_PL, 1), "Dzień dobry,") == 0);
	CHECK("page", strcmp(greet("Sklep Marek", SC_LANG_PL, 0), "Cześć,") == 0);
	CHECK("page sp z oo", strcmp(greet("Adam Sp. z o.o.", SC_LANG_PL, 0), "Cześć,") == 0);
	CHECK("unknown pl", strcmp(greet("Xawerius Nowak", SC_LANG_PL, 0), "Cześć,") == 0);
	CHECK("unknown pl formal", strcmp(greet("John Smith", SC_LANG_PL, 1), "Dzień dobry,") == 0);
	CHECK("en", strcmp(greet("Mark Smith", SC_LANG_EN, 0), "Hi Mark,") == 0);
	CHECK("en formal", strcmp(greet("mark smith", SC_LANG_EN, 1), "Hello Mark,") == 0);
	CHECK("en none", strcmp(greet("@brandfan", SC_LANG_EN, 0), "Hello,") == 0);
	CHECK("en polish name", strcmp(greet("Marek K", SC_LANG_EN, 0), "Hi Marek,") == 0);
	CHECK("en mixed case kept", strcmp(greet("DeShawn Jones", SC_LANG_EN, 0), "Hi DeShawn,") == 0);
	CHECK("en one case", strcmp(greet("DESHAWN JONES", SC_LANG_EN, 0), "Hi Deshawn,") == 0);
	CHECK("braces never a name", strcmp(greet("{signature}", SC_LANG_EN, 0), "Hello,") == 0);
	CHECK("empty", strcmp(greet("", SC_LANG_PL, 0), "Cześć,") == 0);
	/* issue 12: diminutives take the full name in formal greetings */
	CHECK("kuba formal", strcmp(greet("Kuba Nowak", SC_LANG_PL, 1), "Panie Jakubie,") == 0);
	CHECK("kuba informal", strcmp(greet("Kuba Nowak", SC_LANG_PL, 0), "Cześć Kubo,") == 0);
	CHECK("gosia formal", strcmp(greet("Gosia Duda", SC_LANG_PL, 1), "Pani Małgorzato,") == 0);
	CHECK("jurek formal", strcmp(greet("Jurek Wrona", SC_LANG_PL, 1), "Panie Jerzy,") == 0);
	CHECK("ala ambiguous: own vocative", strcmp(greet("Ala Lis", SC_LANG_PL, 1), "Pani Alu,") == 0);
	/* typed without diacritics: recognised, spelled right */
	CHECK("stanislaw", strcmp(greet("stanislaw michalski", SC_LANG_PL, 1), "Panie Stanisławie,") == 0);
	CHECK("Malgorzata", strcmp(greet("Malgorzata Nowak", SC_LANG_PL, 0), "Cześć Małgorzato,") == 0);
	CHECK("Lukasz", strcmp(greet("Lukasz", SC_LANG_PL, 1), "Panie Łukaszu,") == 0);
	CHECK("zolw is no name", strcmp(greet("zolw", SC_LANG_PL, 0), "Cześć,") == 0);
	/* two people: nameless */
	CHECK("ania i marek", strcmp(greet("Ania i Marek", SC_LANG_PL, 0), "Cześć,") == 0);
	CHECK("heart", strcmp(greet("Ania ❤️ Kuba", SC_LANG_PL, 1), "Dzień dobry,") == 0);
	CHECK("heart at the end", strcmp(greet("Kuba ❤️", SC_LANG_PL, 0), "Cześć Kubo,") == 0);
	CHECK("nowakowie", strcmp(greet("Marek i Ania Nowakowie", SC_LANG_PL, 1), "Dzień dobry,") == 0);
	CHECK("sam & alex", strcmp(greet("Sam & Alex", SC_LANG_EN, 0), "Hello,") == 0);
	CHECK("sam and alex", strcmp(greet("Sam and Alex", SC_LANG_EN, 0), "Hello,") == 0);
	/* clergy and titles */
	CHECK("ks.", strcmp(greet("ks. Marek Nowak", SC_LANG_PL, 1), "Księże Marku,") == 0);
	CHECK("ks. informal", strcmp(greet("ks. Marek Nowak", SC_LANG_PL, 0), "Cześć Marku,") == 0);
	CHECK("mec.", strcmp(greet("Mec. Adam Nowicki", SC_LANG_PL, 1), "Panie Mecenasie,") == 0);
	CHECK("mec. f", strcmp(greet("mec. Anna Lis", SC_LANG_PL, 1), "Pani Mecenas,") == 0);
	CHECK("prof.", strcmp(greet("prof. Jan Wilk", SC_LANG_PL, 1), "Panie Janie,") == 0);
	/* Ukrainian names: women's declined, men's nameless */
	CHECK("olena", strcmp(greet("Olena Shevchenko", SC_LANG_PL, 1), "Pani Oleno,") == 0);
	CHECK("oksana", strcmp(greet("Oksana Bondarenko", SC_LANG_PL, 0), "Cześć Oksano,") == 0);
	CHECK("dmytro", strcmp(greet("Dmytro Kovalenko", SC_LANG_PL, 1), "Dzień dobry,") == 0);
	/* English: pages, handles and acronyms are not names */
	CHECK("fans page", strcmp(greet("Northwind Fans UK", SC_LANG_EN, 0), "Hello,") == 0);
	CHECK("handle", strcmp(greet("hikingwithmax", SC_LANG_EN, 0), "Hello,") == 0);
	CHECK("acronym", strcmp(greet("BBC Reporter Ann", SC_LANG_EN, 0), "Hi Ann,") == 0);
	CHECK("outdoor dave", strcmp(greet("Outdoor Dave", SC_LANG_EN, 0), "Hi Dave,") == 0);
	CHECK("parse fills", sc_name_parse("Kasia", &n) == 1 && n.gender == 'f' && n.known &&
	      strcmp(n.first_name, "Kasia") == 0 && strcmp(n.vocative, "Kasiu") == 0);
	CHECK("parse page why", sc_name_parse("BiggerB Official", &n) == 0 &&
	      strcmp(n.why, "page name") == 0);
}

static void
test_keywords(void)
{
	char *f = sc_keyword_fold_new("Gdzie jest MOJA przesyłka?!  Żółć 😊 ok");

	CHECK("fold", strcmp(f, "gdzie jest moja przesylka zolc ok") == 0);
	CHECK("kw word", sc_keyword_match("przesyłka", f));
	CHECK("kw prefix", sc_keyword_match("przesył*", f));
	CHECK("kw no partial word", !sc_keyword_match("przesył", f));
	CHECK("kw infix", sc_keyword_match("*syl*", f));
	CHECK("kw words", sc_keyword_match("gdzie * przesyłka", f));
	CHECK("kw words zero", sc_keyword_match("moja * przesyłka", f));
	CHECK("kw phrase", sc_keyword_match("jest moja", f));
	CHECK("kw phrase order", !sc_keyword_match("moja jest", f));
	CHECK("kw diacritics in pattern", sc_keyword_match("ŻÓŁĆ", f));
	CHECK("kw empty", !sc_keyword_match("", f));
	CHECK("kw none", !sc_keyword_match("paczka", f));
	free(f);
	/* one folding and one pattern language with rules.csv (text.h) */
	f = sc_keyword_fold_new("Die Straße ist gesperrt");
	CHECK("kw sharp s folds to ss", strcmp(f, "die strasse ist gesperrt") == 0);
	CHECK("kw sharp s pattern", sc_keyword_match("straße", f) && sc_keyword_match("strasse", f));
	CHECK("kw star inside a word", sc_keyword_match("str*se", f));
	CHECK("kw two gaps", sc_keyword_match("die * ist * gesperrt", f));
	free(f);
	/* compiled once (sc_kwpat), answers as the string matcher does */
	{
		static const char *const texts[] = {
			"Gdzie jest MOJA przesyłka?!  Żółć 😊 ok", "", "😊 😊", "a 😊 b",
			"zwrot zwrot, towaru http://x.pl/a?b=1 #zwrot @sklep", "ab abc abcd",
			"nie działa, nie dziala... wcale", "x"};
		static const char *const pats[] = {
			"przesyłka", "przesył*", "*syl*", "gdzie * przesyłka", "moja * przesyłka",
			"jest moja", "moja jest", "", "*", "* *", "a b", "zwrot towaru", "zwrot *",
			"* zwrot", "sklep", "@sklep", "ab*", "*cd", "a*c*", "nie * wcale",
			"dziala", "x", "* x *", "http*", "😊"};
		struct sc_text t;
		struct sc_words w = {0};
		size_t i, j;
		int same = 1;

		sc_text_init(&t);
		for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
			char *words = sc_keyword_fold_new(texts[i]);

			sc_text_set(&t, texts[i], strlen(texts[i]), NULL);
			sc_words_from_text(&w, &t);
			for (j = 0; j < sizeof(pats) / sizeof(pats[0]); j++) {
				char *pf = sc_keyword_pattern_new(pats[j]);
				struct sc_kwpat *kp = sc_kwpat_new(pf);

				if (sc_kwpat_match(kp, &w) != sc_keyword_match_folded(pf, words)) {
					fprintf(stderr, "kwpat differs: '%s' in '%s'\n", pats[j],
						texts[i]);
					same = 0;
				}
				sc_kwpat_free(kp);
				free(pf);
			}
			free(words);
		}
		sc_words_release(&w);
		sc_text_release(&t);
		CHECK("kwpat same answers as the string matcher", same);
	}
	f = sc_text_lower_new("ĄĆĘŁŃÓŚŹŻ", 0);
	CHECK("lower polish", strcmp(f, "ąćęłńóśźż") == 0);
	free(f);
}

static void
test_sha256(void)
{
	char h[65];
	struct sc_sha256 c;
	unsigned char d[32];
	char *a = malloc(1000000);
	int i;
	static const char *msg = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";

	sc_sha256_hex("", 0, h);
	CHECK("sha empty", strcmp(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == 0);
	sc_sha256_hex("abc", 3, h);
	CHECK("sha abc", strcmp(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad") == 0);
	sc_sha256_hex(msg, strlen(msg), h);
	CHECK("sha 448 bits", strcmp(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1") == 0);
	memset(a, 'a', 1000000);
	sc_sha256_hex(a, 1000000, h);
	CHECK("sha million a", strcmp(h, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0") == 0);
	/* fed in odd chunks */
	sc_sha256_init(&c);
	for (i = 0; i < 1000000; i += 997)
		sc_sha256_update(&c, a + i, 1000000 - i < 997 ? (size_t)(1000000 - i) : 997);
	sc_sha256_final(&c, d);
	CHECK("sha chunks", d[0] == 0xcd && d[31] == 0xd0);
	free(a);
}

static void
test_length(void)
{
	CHECK("ascii", sc_reply_length("x", "abc") == 3);
	CHECK("polish weight 1", sc_reply_length("x", "żółć") == 4);
	CHECK("cjk weight 2", sc_reply_length("x", "日本") == 4);
	CHECK("emoji 2", sc_reply_length("x", "😊") == 2);
	CHECK("emoji skin tone 2", sc_reply_length("x", "👍🏽") == 2);
	CHECK("zwj family 2", sc_reply_length("x", "👨‍👩‍👧") == 2);
	CHECK("flag 2", sc_reply_length("x", "🇵🇱") == 2);
	CHECK("heart vs16 2", sc_reply_length("x", "❤️") == 2);
	CHECK("url 23", sc_reply_length("x", "see https://example.com/a/very/long/path/indeed/yes") == 4 + 23);
	CHECK("url dot end", sc_reply_length("x", "at https://biggerb.pl/status.") == 3 + 23 + 1);
	CHECK("bare domain", sc_reply_length("x", "biggerb.pl/zwroty") == 23);
	CHECK("not a domain", sc_reply_length("x", "np.ok") == 5);
	CHECK("other platforms count code points", sc_reply_length("facebook", "😊 żółć") == 6);
	CHECK("instagram dm counts bytes", sc_reply_length("instagram-dm", "żółć") == 8);
	CHECK("x dm counts code points", sc_reply_length("x-dm", "https://example.com/abc") == 23 &&
	      sc_reply_length("x-dm", "😊") == 1);
	CHECK("channel public", strcmp(sc_reply_channel("facebook", 0), "facebook") == 0);
	CHECK("channel messenger", strcmp(sc_reply_channel("facebook", 1), "messenger") == 0);
	CHECK("channel unknown dm", strcmp(sc_reply_channel("google", 1), "google") == 0);
	CHECK("limit x", sc_reply_limit("x") == 280);
	CHECK("limit messenger", sc_reply_limit("messenger") == 2000);
	CHECK("limit instagram dm", sc_reply_limit(sc_reply_channel("instagram", 1)) == 1000);
	CHECK("limit tiktok", sc_reply_limit("tiktok") == 150);
	CHECK("limit unknown", sc_reply_limit("myspace") == 0);
}

static void
test_shorten(void)
{
	char *s;

	s = sc_reply_shorten_new("x", "Cześć Marku, jedno. Dwa zdania tu! Trzy?", "Lech", 30);
	CHECK("two sentences", s && strcmp(s, "Cześć Marku, jedno. Lech") == 0);
	free(s);
	s = sc_reply_shorten_new("x", "Cześć Marku, jedno. Dwa zdania tu! Trzy?", "Lech", 40);
	CHECK("keeps what fits", s && strcmp(s, "Cześć Marku, jedno. Dwa zdania tu! Lech") == 0);
	free(s);
	s = sc_reply_shorten_new("x", "Jedno bardzo długie zdanie bez końca", "Lech", 10);
	CHECK("cannot", s == NULL);
	s = sc_reply_shorten_new("facebook", "Strona biggerb.pl jest. Tak.", NULL, 26);
	CHECK("no boundary inside a domain", s && strcmp(s, "Strona biggerb.pl jest.") == 0);
	free(s);
}

static void
test_window(void)
{
	const char *tag, *why;
	int64_t t = 1700000000;

	CHECK("messenger 23h", sc_reply_window("facebook", "dm", t, t + 23 * 3600, 0, &tag, &why) == 0 && !tag);
	CHECK("messenger 25h needs human", sc_reply_window("facebook", "dm", t, t + 25 * 3600, 0, &tag, &why) < 0 &&
	      tag && strcmp(tag, "HUMAN_AGENT") == 0);
	CHECK("messenger 25h human ok", sc_reply_window("facebook", "dm", t, t + 25 * 3600, 1, &tag, &why) == 0 && tag);
	CHECK("messenger 8d", sc_reply_window("facebook", "dm", t, t + 8 * 86400, 1, &tag, &why) < 0 && !tag &&
	      strstr(why, "7-day"));
	CHECK("instagram 25h", sc_reply_window("instagram", "dm", t, t + 25 * 3600, 0, &tag, &why) < 0 && tag);
	CHECK("tiktok 47h", sc_reply_window("tiktok", "dm", t, t + 47 * 3600, 0, &tag, &why) == 0);
	CHECK("tiktok 49h", sc_reply_window("tiktok", "dm", t, t + 49 * 3600, 0, &tag, &why) < 0 && strstr(why, "48"));
	CHECK("private reply 6d", sc_reply_window("facebook", "private_reply", t, t + 6 * 86400, 0, &tag, &why) == 0);
	CHECK("private reply 8d", sc_reply_window("facebook", "private_reply", t, t + 8 * 86400, 0, &tag, &why) < 0);
	CHECK("x dm no window", sc_reply_window("x", "dm", t, t + 80 * 86400, 0, &tag, &why) == 0);
	CHECK("comment no window", sc_reply_window("facebook", "comment", t, t + 80 * 86400, 0, &tag, &why) == 0);
}

static int
compile_err(const char *text, const char *want, long col)
{
	struct sc_piece *p;
	size_t n;
	struct sc_error e;
	int ok;

	sc_error_clear(&e);
	if (sc_tmpl_compile(text, &p, &n, &e) == 0) {
		sc_tmpl_pieces_free(p, n);
		printf("compiled: %s\n", text);
		return 0;
	}
	ok = strstr(e.text, want) != NULL && e.column == col;
	if (!ok)
		printf("%s: got '%s' at %ld\n", text, e.text, e.column);
	return ok;
}

static const char *
link_fn(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "status") == 0 ? "https://b.pl/s" : NULL;
}

static char *
fill(const char *text, const struct sc_fill *f)
{
	struct sc_piece *p;
	size_t n;
	struct sc_error e;
	const struct sc_piece *miss;
	char *s;

	if (sc_tmpl_compile(text, &p, &n, &e) < 0)
		return NULL;
	s = sc_tmpl_fill_new(p, n, f, &miss);
	sc_tmpl_pieces_free(p, n);
	return s;
}

static void
test_templates(void)
{
	struct sc_fill f;
	char *s;

	CHECK("unknown", compile_err("Hi {frist_name|x}", "unknown placeholder {frist_name}", 4));
	CHECK("unclosed", compile_err("Cześć {greeting", "unclosed '{'", 7));
	CHECK("nested", compile_err("{a{greeting}}", "unclosed '{'", 1));
	CHECK("stray close", compile_err("ok } no", "unmatched '}'", 4));
	CHECK("we one form", compile_err("{we:zajmę się}", "needs 2 forms", 1));
	CHECK("g two forms", compile_err("{g:Pana|Pani}", "needs 3 forms", 1));
	CHECK("we no colon", compile_err("{we}", "needs ':'", 1));
	CHECK("link no name", compile_err("{link:|x}", "link name", 1));
	CHECK("arg on value", compile_err("{case:x}", "takes no ':'", 1));

	memset(&f, 0, sizeof(f));
	f.greeting = "Cześć Marku,";
	f.first_name = "{signature}";	/* customer-supplied text */
	f.signature = "Lech";
	f.plural = 1;
	f.gender = 'f';
	f.link = link_fn;
	s = fill("{greeting} {{x}} {first_name|} {we:zajmę|zajmiemy} {g:Pan|Pani|Państwo} {signature}", &f);
	CHECK("one pass, braces", s && strcmp(s, "Cześć Marku, {x} {signature} zajmiemy Pani Lech") == 0);
	free(s);
	s = fill("nr {case}", &f);
	CHECK("missing no fallback", s == NULL);
	s = fill("nr {case|wkrótce}", &f);
	CHECK("fallback", s && strcmp(s, "nr wkrótce") == 0);
	free(s);
	s = fill("{link:status} {link:returns|https://b.pl/z}", &f);
	CHECK("links", s && strcmp(s, "https://b.pl/s https://b.pl/z") == 0);
	free(s);
	s = fill("{link:returns}", &f);
	CHECK("link missing", s == NULL);
	s = fill("a{emoji:😊}b", &f);
	CHECK("emoji off", s && strcmp(s, "ab") == 0);
	free(s);
	f.emoji = 1;
	f.plural = 0;
	s = fill("a{emoji:😊}b {we:zajmę|zajmiemy}", &f);
	CHECK("emoji on, singular", s && strcmp(s, "a😊b zajmę") == 0);
	free(s);
}

static void
test_journal(void)
{
	char path[] = "/tmp/sc-reply-test-XXXXXX";
	int fd = mkstemp(path);
	struct sc_journal j;
	struct sc_journal_report rep;
	struct sc_error e;
	json_t *o = json_pack("{s:s, s:s}", "action", "draft", "text", "zażółć");
	char head1[65];
	FILE *f;
	char buf[4096];
	size_t n;

	close(fd);
	unlink(path);
	sc_error_clear(&e);
	CHECK("journal open new", sc_journal_open(&j, path, &e) == 0 && j.seq == 0);
	CHECK("append 1", sc_journal_append(&j, o, 1, &e) == 0);
	memcpy(head1, j.head, 65);
	CHECK("append 2", sc_journal_append(&j, o, 0, &e) == 0);
	CHECK("close", sc_journal_close(&j, &e) == 0);
	CHECK("reopen keeps seq", sc_journal_open(&j, path, &e) == 0 && j.seq == 2);
	CHECK("append 3", sc_journal_append(&j, o, 0, &e) == 0 && j.seq == 3);
	sc_journal_close(&j, &e);
	fd = open(path, O_RDONLY);
	CHECK("verify", sc_journal_verify(fd, path, NULL, &rep, &e) == 0 && rep.entries == 3 &&
	      strcmp(rep.head, j.head) == 0);
	close(fd);
	fd = open(path, O_RDONLY);
	CHECK("verify anchor", sc_journal_verify(fd, path, head1, &rep, &e) == 0);
	close(fd);
	/* edit the second entry */
	f = fopen(path, "r+");
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	{
		char *second = strchr(buf, '\n') + 1;
		char *z = strstr(second, "draft");
		z[0] = 'D';
	}
	rewind(f);
	fwrite(buf, 1, n, f);
	fclose(f);
	fd = open(path, O_RDONLY);
	CHECK("edit detected at line 3", sc_journal_verify(fd, path, NULL, &rep, &e) < 0 &&
	      e.line == 3 && strstr(e.text, "line 2"));
	close(fd);
	json_decref(o);
	unlink(path);
}

/* Random bytes and code points through every parser: nothing may crash
   (run under ASan by make check) and results stay valid UTF-8. */
static void
test_fuzz(void)
{
	static const char *bits[] = {
		"{", "}", "{{", "}}", "|", ":", "{greeting}", "{we:", "{g:a|b", "{link:",
		"{emoji:", "Marek", "Anna", " ", ".", "!", "http://x.pl", "😊", "\u200d",
		"ż", "ł", "@", "#", "-", "'", "\xff", "\xc5", "日", "*", "\n", "www.", "a.pl"
	};
	unsigned long seed = 12345;
	int i, j, bad = 0;
	struct sc_fill f;

	memset(&f, 0, sizeof(f));
	f.greeting = "Cześć,";
	for (i = 0; i < 20000; i++) {
		char buf[256];
		size_t n = 0;
		int parts;
		struct sc_name nm;
		char g[160], *s;
		struct sc_piece *p;
		size_t np;
		struct sc_error e;

		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		parts = (int)(seed >> 59) + 1;
		for (j = 0; j < parts; j++) {
			const char *b;
			seed = seed * 6364136223846793005UL + 1442695040888963407UL;
			b = bits[(seed >> 33) % (sizeof(bits) / sizeof(bits[0]))];
			if (n + strlen(b) + 1 >= sizeof(buf))
				break;
			memcpy(buf + n, b, strlen(b));
			n += strlen(b);
		}
		buf[n] = '\0';
		sc_name_parse(buf, &nm);
		sc_name_greeting(&nm, (i & 1) ? SC_LANG_EN : SC_LANG_PL, i & 2, g, sizeof(g));
		if (sc_utf8_invalid_at(g, strlen(g)) >= 0)
			bad++;
		s = sc_keyword_fold_new(buf);
		sc_keyword_match(buf, s);
		free(s);
		sc_reply_length("x", buf);
		s = sc_reply_shorten_new("x", buf, "sig", 10);
		free(s);
		if (sc_tmpl_compile(buf, &p, &np, &e) == 0) {
			const struct sc_piece *miss;
			s = sc_tmpl_fill_new(p, np, &f, &miss);
			free(s);
			sc_tmpl_pieces_free(p, np);
		}
	}
	CHECK("fuzz: greetings stay valid UTF-8", bad == 0);
}

static void
test_deadline(void)
{
	char out[64];
	int64_t now, t;

	/* 2026-11-20 12:00 UTC = 13:00 in Warsaw (CET), 12:00 in London */
	sc_time_parse("2026-11-20T12:00:00Z", &now);
	sc_time_parse("2026-11-20T13:30:00Z", &t);
	CHECK("pl today", sc_reply_deadline(t, now, "Europe/Warsaw", "pl", out, sizeof(out)) == 0 &&
	      strcmp(out, "do 14:30") == 0);
	CHECK("en today", sc_reply_deadline(t, now, "Europe/London", "en", out, sizeof(out)) == 0 &&
	      strcmp(out, "by 1:30 pm") == 0);
	sc_time_parse("2026-11-21T09:00:00Z", &t);
	CHECK("pl tomorrow", sc_reply_deadline(t, now, "Europe/Warsaw", "pl", out, sizeof(out)) == 0 &&
	      strcmp(out, "jutro do 10:00") == 0);
	CHECK("en tomorrow", sc_reply_deadline(t, now, "Europe/London", "en", out, sizeof(out)) == 0 &&
	      strcmp(out, "by 9:00 am tomorrow") == 0);
	sc_time_parse("2026-11-24T09:00:00Z", &t);
	CHECK("pl later", sc_reply_deadline(t, now, "Europe/Warsaw", "pl", out, sizeof(out)) == 0 &&
	      strcmp(out, "do 24.11, 10:00") == 0);
	CHECK("en later", sc_reply_deadline(t, now, "Europe/London", "en", out, sizeof(out)) == 0 &&
	      strcmp(out, "by 24 Nov, 9:00 am") == 0);
	/* 23:30 UTC is already tomorrow in Warsaw: the local date counts */
	sc_time_parse("2026-11-20T23:30:00Z", &t);
	CHECK("pl local date", sc_reply_deadline(t, now, "Europe/Warsaw", "pl", out, sizeof(out)) == 0 &&
	      strcmp(out, "jutro do 00:30") == 0);
	/* across the year: 31 Dec -> 1 Jan is tomorrow */
	sc_time_parse("2026-12-31T12:00:00Z", &now);
	sc_time_parse("2027-01-01T08:00:00Z", &t);
	CHECK("year end", sc_reply_deadline(t, now, "Europe/Warsaw", "pl", out, sizeof(out)) == 0 &&
	      strcmp(out, "jutro do 09:00") == 0);
	CHECK("unknown zone", sc_reply_deadline(t, now, "Mars/Olympus", "pl", out, sizeof(out)) < 0);
	CHECK("lang codes", sc_reply_lang_code("uk") && !sc_reply_lang_code("ukr") &&
	      !sc_reply_lang_code("PL") && !sc_reply_lang_code("") && !sc_reply_lang_code(NULL));
}

int
main(void)
{
	test_names_table();
	test_parse();
	test_keywords();
	test_sha256();
	test_length();
	test_shorten();
	test_window();
	test_templates();
	test_journal();
	test_deadline();
	test_fuzz();
	return DONE();
}
