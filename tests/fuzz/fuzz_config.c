/*
 * fuzz_config.c - every configuration loader, fed the whole input as the
 * file: rules.csv, replies.csv (with lint, then every template filled),
 * profiles.csv, identities, lexicons, models, the journal verifier, and
 * service levels (the input as sla.csv, as a holidays file and its first
 * line as an hours cell, then due times across a year).
 * Which loader runs is chosen at start-up by SC_FUZZ_LOADER (rules,
 * replies, profiles, identities, lexicon, model, journal, hours), so CI gives
 * each its own run, corpus and time.
 */
#include <limits.h>

#include "fuzz.h"
#include "reply.h"
#include "reply_journal.h"
#include "triage.h"

static const char *loader = "rules";

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *l = getenv("SC_FUZZ_LOADER");

	(void)argc;
	(void)argv;
	if (l && *l)
		loader = l;
	return 0;
}

static void
lint_cb(void *ctx, const struct sc_error *e)
{
	(void)ctx;
	(void)e;
}

static const char *
link_cb(void *ctx, const char *name)
{
	(void)ctx;
	return strcmp(name, "returns") == 0 ? "https://example.com/zwroty" : NULL;
}

static void
fill_all(const struct sc_replies *r)
{
	struct sc_fill f;
	size_t i;

	memset(&f, 0, sizeof(f));
	f.greeting = "Dzień dobry Pani Anno";
	f.first_name = "Anna";
	f.signature = "Ola";
	f.profile = "acme";
	f.brand = "Acme";
	f.case_id = "C-1";
	f.agent = "Ola";
	f.gender = 'f';
	f.emoji = 1;
	f.link = link_cb;
	f.due_at = "do 14:30";
	for (i = 0; i < r->n; i++) {
		const struct sc_piece *missing = NULL;
		char *s = sc_tmpl_fill_new(r->v[i].pieces, r->v[i].npieces, &f, &missing);
		free(s);
		f.plural = !f.plural;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sc_error e;
	char path[64];
	int fd = fuzz_file(data, size, path);

	if (fd < 0)
		return 0;
	sc_error_clear(&e);
	if (strcmp(loader, "rules") == 0) {
		struct sc_matcher *m = sc_matcher_new();
		struct sc_rules *r = sc_rules_load(path, m, 0, &e);
		sc_rules_free(r);
		sc_matcher_free(m);
	} else if (strcmp(loader, "replies") == 0) {
		struct sc_replies *r = sc_replies_load(path, 1, lint_cb, NULL, &e);
		if (r == NULL)
			r = sc_replies_load(path, 0, NULL, NULL, &e);
		if (r != NULL)
			fill_all(r);
		sc_replies_free(r);
	} else if (strcmp(loader, "profiles") == 0) {
		sc_profiles_free(sc_profiles_load(path, &e));
	} else if (strcmp(loader, "identities") == 0) {
		struct sc_history *h = sc_history_new();
		sc_history_load_identities(h, path, &e);
		sc_history_finish(h);
		sc_history_free(h);
	} else if (strcmp(loader, "lexicon") == 0) {
		struct sc_matcher *m = sc_matcher_new();
		sc_lexicon_load(m, path, &e);
		sc_matcher_free(m);
	} else if (strcmp(loader, "model") == 0) {
		struct sc_model *m = sc_model_load(path, &e);
		if (m != NULL) {
			struct sc_text t;
			double p;
			sc_text_init(&t);
			static const char msg[] = "Gdzie jest moja paczka? Nie działa aplikacja";
			sc_text_set(&t, msg, sizeof(msg) - 1, NULL);
			sc_model_predict(m, &t, &p);
			sc_text_release(&t);
		}
		sc_model_free(m);
	} else if (strcmp(loader, "hours") == 0) {
		struct sc_profile pr;
		char first[256];
		size_t n = 0;
		int k;
		while (n < size && n < sizeof(first) - 1 && data[n] != '\n')
			n++;
		memcpy(first, data, n);
		first[n] = '\0';
		memset(&pr, 0, sizeof(pr));
		pr.name = "acme";
		pr.sla = 3600;
		if (sc_hours_init(&pr.hours, first, "", "Europe/Warsaw", &e) < 0)
			sc_hours_init(&pr.hours, "mon-fri 08:00-20:00; sat-sun 10:00-18:00", "",
				      "Europe/Warsaw", &e);
		sc_hours_load_holidays(&pr.hours, path, &e);
		pr.sla_table = sc_sla_load(path, &e);
		for (k = 0; k < 48; k++) {
			int64_t t = 1767225600 + (int64_t)k * 7 * 86400 + k * 3541;	/* 2026, weekly */
			(void)sc_sla_due(&pr, t, k % 5, k % 3 ? 0 : 600);
			(void)sc_hours_open_at(&pr.hours, t);
			(void)sc_hours_elapsed(&pr.hours, t, t + 3 * 86400);
		}
		sc_sla_free(pr.sla_table);
		sc_hours_release(&pr.hours);
	} else if (strcmp(loader, "journal") == 0) {
		struct sc_journal_report rep;
		sc_journal_verify(fd, path, NULL, &rep, &e);
	}
	close(fd);
	return 0;
}
