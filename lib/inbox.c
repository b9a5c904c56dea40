/*
 * inbox.c - the queue of open conversations that sc-inbox shows, built
 * from a client directory as scripts/sc-cron-client lays it out.
 *
 * Design.  Sources are read in one pass each, in this order: the outbox
 * journal (a set of message ids that were sent, with the time), the case
 * log cases.ndjson (assignments, claims, notes, holds, resolutions), the
 * archive files (archive/ *.ndjson) in name order and the drafts
 * (drafts/open.ndjson from cron, then drafts/edited.ndjson from the
 * inbox, which wins).  Memory is one struct sc_conv per thread seen: the
 * latest customer message's fields cut to SC_INBOX_TEXT_MAX bytes, times,
 * and the case state; the messages themselves stay in the files and are
 * read again for the one conversation a person opens
 * (sc_inbox_thread_new), with the thread id searched as bytes before a
 * line is parsed.  Drafts are kept whole (they are few).
 *
 * When only open conversations are wanted (src.open_only: the queue, the
 * screen, the handover), a full table of conversations is swept before it
 * grows: a thread that is closed (its last customer message answered) and
 * has no case record and no draft gives up its struct sc_conv and strings
 * for a struct sc_conv_sum (times, counts and the few interned values a
 * later message could keep: about 110 bytes), so memory follows the open
 * conversations.  A record for a summarised thread brings it back whole,
 * with its history (first contact, message count, answers); the latest
 * message's fields come back with the next customer message, which is the
 * only way such a thread reopens.  Should a thread come back by another
 * way and be open at the end (marked bare), the load is done again
 * without summaries.
 *
 * A conversation is open when, since its last "resolved":
 *   - a customer wrote after the brand's last reply (and after the
 *     journal's last send for it): it awaits an answer; or
 *   - a customer wrote and someone worked on it in the inbox (any case
 *     record: claim, note, assignment), so it stays until resolved; or
 *   - it was reopened or escalated.
 * A conversation the brand answered outside the inbox closes by itself.
 * The rank is priority, then public before private (the seeds' rule at
 * peak load), then the due time (none last), then newest first.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inbox.h"
#include "reply.h"
#include "reply_journal.h"

struct sc_inbox_priv {
	char *bufs[6];
};

static void
add_path(struct sc_inbox *ib, char *p)
{
	ib->paths = sc_xrealloc(ib->paths, (ib->npaths + 1) * sizeof(*ib->paths));
	ib->paths[ib->npaths++] = p;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* NDJSON files of dir/sub in name order, except skip. */
static void
add_dir(struct sc_inbox *ib, const char *dir, const char *sub, const char *skip)
{
	char *d = sc_path_new(dir, sub);
	DIR *dp = opendir(d);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, i;

	if (dp == NULL) {
		free(d);
		return;
	}
	while ((de = readdir(dp)) != NULL) {
		size_t l = strlen(de->d_name);
		if (l < 8 || strcmp(de->d_name + l - 7, ".ndjson") != 0 || de->d_name[0] == '.')
			continue;
		if (skip && strcmp(de->d_name, skip) == 0)
			continue;
		names = sc_xrealloc(names, (n + 1) * sizeof(*names));
		names[n++] = sc_path_new(d, de->d_name);
	}
	closedir(dp);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_str);
	for (i = 0; i < n; i++)
		add_path(ib, names[i]);
	free(names);
	free(d);
}

struct sc_inbox *
sc_inbox_new(const struct sc_inbox_src *s, int64_t now)
{
	struct sc_inbox *ib = sc_xcalloc(1, sizeof(*ib));
	struct sc_inbox_priv *p = sc_xcalloc(1, sizeof(*p));
	int i;

	ib->src = *s;
	ib->now = now;
	sc_set64_init(&ib->idx);
	sc_set64_init(&ib->sent);
	ib->strs = json_object();
	/* the private part holds the strings of default paths */
	ib->src.files = s->files;
	if (s->dir) {
		if (!s->caselog)
			ib->src.caselog = p->bufs[0] = sc_path_new(s->dir, "cases.ndjson");
		if (!s->journal)
			ib->src.journal = p->bufs[1] = sc_path_new(s->dir, "outbox.ndjson");
		if (!s->edited)
			ib->src.edited = p->bufs[2] = sc_path_new(s->dir, "drafts/edited.ndjson");
		add_dir(ib, s->dir, "archive", NULL);
		add_dir(ib, s->dir, "drafts", "edited.ndjson");
	}
	for (i = 0; i < s->nfiles; i++)
		add_path(ib, sc_xstrdup(s->files[i]));
	if (ib->src.edited)
		add_path(ib, sc_xstrdup(ib->src.edited));
	/* kept in the paths array's tail slot so free finds it */
	ib->paths = sc_xrealloc(ib->paths, (ib->npaths + 1) * sizeof(*ib->paths));
	ib->paths[ib->npaths] = (char *)p;
	return ib;
}

static void
conv_release(struct sc_conv *c)
{
	free(c->thread);
	free(c->id);
	free(c->author);
	free(c->author_id);
	free(c->text);
	free(c->last_note);
	json_decref(c->draft);
}

/* A closed thread without case records, in short (see the design note). */
struct sc_conv_sum {
	int64_t first_cust, last_cust, last_brand, answered, pend_t, pend_due, due;
	const char *category, *sentiment, *team, *tags;	/* interned */
	long nmsgs;
	int pend_pri, priority;
};
#define SUM_BLOCK 4096
#define SC_INBOX_SUM ((uint64_t)1 << 63)

static void
clear(struct sc_inbox *ib)
{
	size_t i;

	for (i = 0; i < (ib->nsum + SUM_BLOCK - 1) / SUM_BLOCK; i++)
		free(ib->sum[i]);
	free(ib->sum);
	ib->sum = NULL;
	ib->nsum = 0;
	ib->bare_open = 0;
	for (i = 0; i < ib->n; i++)
		conv_release(&ib->v[i]);
	free(ib->v);
	ib->v = NULL;
	ib->n = ib->cap = 0;
	sc_set64_release(&ib->idx);
	sc_set64_release(&ib->sent);
	sc_set64_init(&ib->idx);
	sc_set64_init(&ib->sent);
	ib->log_off = 0;
	ib->bad = 0;
	ib->bad_first[0] = '\0';
}

void
sc_inbox_free(struct sc_inbox *ib)
{
	struct sc_inbox_priv *p;
	size_t i;

	if (ib == NULL)
		return;
	clear(ib);
	sc_set64_release(&ib->idx);
	sc_set64_release(&ib->sent);
	p = (struct sc_inbox_priv *)ib->paths[ib->npaths];
	for (i = 0; i < ib->npaths; i++)
		free(ib->paths[i]);
	for (i = 0; i < 6; i++)
		free(p->bufs[i]);
	free(p);
	free(ib->paths);
	json_decref(ib->strs);
	free(ib);
}

static uint64_t
hs(const char *s)
{
	return sc_hash64(s, strlen(s));
}

/* Can c be summarised: closed, no case record, no draft, all known? */
static int
sheddable(const struct sc_conv *c)
{
	int64_t reply = c->last_brand > c->answered ? c->last_brand : c->answered;

	return !c->bare && c->draft == NULL && c->tseq == 0 && c->rseq == 0 && c->oseq == 0 &&
	       c->eseq == 0 && c->nnotes == 0 && c->last_note == NULL && !c->held &&
	       c->claim_by == NULL && c->assignee == NULL && c->ateam == NULL &&
	       c->esc_to == NULL && c->claim_until == 0 && c->resolved_at == 0 &&
	       c->reopened_at == 0 && c->escalated_at == 0 && c->case_at == 0 &&
	       c->assigned_at == 0 && c->last_cust <= reply;
}

static struct sc_conv_sum *
sum_at(struct sc_inbox *ib, size_t k)
{
	return &ib->sum[k / SUM_BLOCK][k % SUM_BLOCK];
}

/* Summarise the closed threads of a full table (open_only). */
static void
sweep(struct sc_inbox *ib)
{
	size_t i, w = 0;
	uint64_t *val;

	for (i = 0; i < ib->n; i++) {
		struct sc_conv *c = &ib->v[i];
		if (sheddable(c)) {
			struct sc_conv_sum *m;
			if (ib->nsum % SUM_BLOCK == 0) {
				ib->sum = sc_xrealloc(ib->sum, (ib->nsum / SUM_BLOCK + 1) *
								   sizeof(*ib->sum));
				ib->sum[ib->nsum / SUM_BLOCK] =
					sc_xmalloc(SUM_BLOCK * sizeof(**ib->sum));
			}
			m = sum_at(ib, ib->nsum++);
			m->first_cust = c->first_cust;
			m->last_cust = c->last_cust;
			m->last_brand = c->last_brand;
			m->answered = c->answered;
			m->pend_t = c->pend_t;
			m->pend_due = c->pend_due;
			m->due = c->due;
			m->category = c->category;
			m->sentiment = c->sentiment;
			m->team = c->team;
			m->tags = c->tags;
			m->nmsgs = c->nmsgs;
			m->pend_pri = c->pend_pri;
			m->priority = c->priority;
			if (sc_set64_get(&ib->idx, c->th, &val))
				*val = SC_INBOX_SUM | ib->nsum;
			conv_release(c);
			continue;
		}
		if (w != i) {
			ib->v[w] = *c;
			if (sc_set64_get(&ib->idx, ib->v[w].th, &val))
				*val = w + 1;
		}
		w++;
	}
	ib->n = w;
}

static struct sc_conv *
conv_get(struct sc_inbox *ib, const char *thread, int create)
{
	uint64_t h = hs(thread), *val;
	const struct sc_conv_sum *m = NULL;
	struct sc_conv *c;

	if (sc_set64_get(&ib->idx, h, &val)) {
		if (!(*val & SC_INBOX_SUM))
			return &ib->v[*val - 1];
		m = sum_at(ib, (size_t)(*val & ~SC_INBOX_SUM) - 1);
	}
	if (!create)
		return NULL;	/* a summarised thread is closed: nothing to find */
	if (ib->n == ib->cap && ib->src.open_only && m == NULL) {
		/* full: summarise the closed threads first, grow (by half)
		   only when that left less than an eighth free */
		sweep(ib);
		if (ib->n * 8 < ib->cap * 7)
			goto room;
	}
	if (ib->n == ib->cap) {
		ib->cap = !ib->cap ? 256 : ib->src.open_only ? ib->cap + ib->cap / 2 : ib->cap * 2;
		ib->v = sc_xrealloc(ib->v, ib->cap * sizeof(*ib->v));
	}
room:
	c = &ib->v[ib->n++];
	memset(c, 0, sizeof(*c));
	c->thread = sc_xstrdup(thread);
	c->th = h;
	c->priority = 9;
	c->pend_pri = 9;
	if (m != NULL) {
		/* back whole but for the latest message's fields */
		c->first_cust = m->first_cust;
		c->last_cust = m->last_cust;
		c->last_brand = m->last_brand;
		c->answered = m->answered;
		c->pend_t = m->pend_t;
		c->pend_due = m->pend_due;
		c->due = m->due;
		c->category = m->category;
		c->sentiment = m->sentiment;
		c->team = m->team;
		c->tags = m->tags;
		c->nmsgs = m->nmsgs;
		c->pend_pri = m->pend_pri;
		c->priority = m->priority;
		c->bare = c->last_cust > 0;
	}
	sc_set64_put(&ib->idx, h, &val);
	*val = ib->n;
	return c;
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? sc_xstrdup(s) : NULL;
}

/* One copy of each of the few distinct values (platforms, kinds,
   profiles, teams, categories, agents): no allocation per message. */
static const char *
intern(struct sc_inbox *ib, const char *s)
{
	json_t *v;

	if (s == NULL)
		return NULL;
	if ((v = json_object_get(ib->strs, s)) == NULL) {
		v = json_string(s);
		if (v == NULL)
			return NULL;	/* not UTF-8: leave it out */
		json_object_set_new(ib->strs, s, v);
	}
	return json_string_value(v);
}

int64_t
sc_inbox_rec_time(const json_t *rec, const char *key)
{
	int64_t t = 0;

	if (sc_time_parse_json(json_object_get(rec, key), &t) < 0)
		return 0;
	return t;
}

static int
prio_of(const json_t *tri)
{
	const char *p = sc_json_str(tri, "priority");

	if (p && p[0] == 'P' && p[1] >= '1' && p[1] <= '4' && p[2] == '\0')
		return p[1] - '0';
	return 9;
}

/* ---- case records ---- */

void
sc_inbox_apply(struct sc_inbox *ib, const json_t *rec)
{
	const char *kind = sc_json_str(rec, "kind"), *th = sc_json_str(rec, "thread_id");
	const char *agent = sc_json_str(rec, "agent");
	int64_t t = sc_inbox_rec_time(rec, "created_at");
	long seq = ++ib->seq;
	struct sc_conv *c;

	if (kind == NULL || th == NULL || *th == '\0')
		return;
	c = conv_get(ib, th, 1);
	if (strcmp(kind, "note") == 0) {
		json_t *hold = json_object_get(rec, "hold");
		if (json_is_boolean(hold)) {
			c->held = json_is_true(hold);
		} else {
			c->nnotes++;
			set_str(&c->last_note, sc_json_str(rec, "text"));
		}
	} else if (strcmp(kind, "label") == 0) {
		const char *cat = sc_json_path_str(rec, "triage.category");
		const char *sen = sc_json_path_str(rec, "triage.sentiment");
		if (cat)
			c->category = intern(ib, cat);
		if (sen)
			c->sentiment = intern(ib, sen);
	} else if (strcmp(kind, "status") != 0) {
		/* a brand reply sent from the inbox (sc-reply's brand record) */
		if (json_is_true(json_object_get(json_object_get(rec, "author"), "is_brand")) &&
		    t > c->last_brand)
			c->last_brand = t;
		return;
	} else if ((kind = sc_json_str(rec, "status")) == NULL) {
		return;
	} else if (strcmp(kind, "resolved") == 0) {
		c->resolved_at = t;
		c->rseq = seq;
		c->held = 0;
		return;
	} else if (strcmp(kind, "claimed") == 0) {
		c->claim_at = t;
		c->claim_until = sc_inbox_rec_time(rec, "until");
		c->claim_by = intern(ib, agent);
	} else if (strcmp(kind, "assigned") == 0) {
		c->assigned_at = t;
		c->assignee = intern(ib, sc_json_str(rec, "assignee"));
		c->ateam = intern(ib, sc_json_str(rec, "team"));
	} else if (strcmp(kind, "escalated") == 0) {
		c->escalated_at = t;
		c->eseq = c->oseq = seq;
		c->esc_to = intern(ib, sc_json_str(rec, "team"));
	} else if (strcmp(kind, "reopened") == 0) {
		c->reopened_at = t;
		c->oseq = seq;
	}
	c->case_at = t;
	c->tseq = seq;
}

/* ---- messages ---- */

static void
add_message(struct sc_inbox *ib, json_t *rec, int draft_file)
{
	const char *kind = sc_json_str(rec, "kind"), *id = sc_json_str(rec, "id");
	const char *th = sc_json_str(rec, "thread_id");
	json_t *author = json_object_get(rec, "author"), *tri, *reply;
	int64_t t = sc_inbox_rec_time(rec, "created_at");
	struct sc_conv *c;
	uint64_t *val;

	if (kind == NULL || id == NULL)
		return;
	if (strcmp(kind, "status") == 0 || strcmp(kind, "note") == 0 ||
	    strcmp(kind, "label") == 0) {
		sc_inbox_apply(ib, rec);
		return;
	}
	if (strcmp(kind, "survey") == 0)
		return;
	if (th == NULL || *th == '\0')
		th = id;
	c = conv_get(ib, th, 1);
	if (json_is_true(json_object_get(author, "is_brand"))) {
		if (t > c->last_brand)
			c->last_brand = t;
		return;
	}
	tri = json_object_get(rec, "triage");
	reply = json_object_get(rec, "reply");
	if (!draft_file)
		c->nmsgs++;
	if (c->first_cust == 0 || t < c->first_cust)
		c->first_cust = t;
	if (sc_set64_get(&ib->sent, hs(id), &val) && (int64_t)*val > c->answered)
		c->answered = (int64_t)*val;
	/* the earliest message not yet answered sets the SLA and priority */
	if (t > c->last_brand && (c->pend_t == 0 || t < c->pend_t || c->pend_t <= c->last_brand)) {
		c->pend_t = t;
		c->pend_due = sc_inbox_rec_time(tri, "due_at");
	}
	if (t > c->last_brand && prio_of(tri) < c->pend_pri)
		c->pend_pri = prio_of(tri);
	if (t >= c->last_cust) {
		json_t *tags = json_object_get(tri, "tags"), *v;
		struct sc_buf b;
		size_t i;
		const char *text = sc_json_str(rec, "text");
		char *cut = sc_utf8_truncate_new(text ? text : "", SC_INBOX_TEXT_MAX);
		const char *s;

		c->last_cust = t;
		c->bare = 0;
		set_str(&c->id, id);
		c->platform = intern(ib, sc_json_str(rec, "platform"));
		c->kind = intern(ib, kind);
		c->profile = intern(ib, sc_json_str(rec, "profile"));
		s = sc_json_str(author, "name");
		set_str(&c->author, s ? s : sc_json_str(author, "id"));
		set_str(&c->author_id, sc_json_str(author, "id"));
		free(c->text);
		c->text = cut;
		s = sc_json_str(rec, "visibility");
		c->priv = s && strcmp(s, "private") == 0;
		if (json_is_object(tri)) {
			s = sc_json_str(tri, "category");
			c->category = intern(ib, s ? s : sc_json_path_str(tri, "category.label"));
			s = sc_json_str(tri, "sentiment");
			c->sentiment = intern(ib, s ? s : sc_json_path_str(tri, "sentiment.label"));
			c->team = intern(ib, sc_json_str(tri, "team"));
			sc_buf_init(&b);
			json_array_foreach(tags, i, v)
				if (json_is_string(v))
					sc_buf_printf(&b, "%s%s", b.len ? "," : "", json_string_value(v));
			c->tags = b.data ? intern(ib, b.data) : NULL;
			sc_buf_release(&b);
			c->priority = prio_of(tri);
			c->due = sc_inbox_rec_time(tri, "due_at");
		}
	}
	if (json_is_object(reply) && t >= c->draft_t) {
		json_decref(c->draft);
		c->draft = json_incref(rec);
		c->draft_t = t;
	}
}

static int
read_file(struct sc_inbox *ib, const char *path, int is_log, struct sc_error *e)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct sc_reader r;
	const char *line;
	size_t len;
	int rc;
	int draft_file = strstr(path, "drafts/") != NULL;

	if (fd < 0) {
		if (errno == ENOENT && (is_log || (ib->src.edited && strcmp(path, ib->src.edited) == 0)))
			return 0;
		return sc_error_set(e, SC_EX_NOINPUT, path, 0, 0, "%s", strerror(errno));
	}
	if (is_log == 1) {
		struct stat st;
		/* a case log that is not a file (a test's /dev/full) has nothing to read */
		if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
			close(fd);
			return 0;
		}
	}
	sc_reader_init(&r, fd, path, is_log == 2 ? SC_JOURNAL_MAX_LINE : ib->src.max_line);
	if (is_log == 1 && ib->log_off > 0 && lseek(fd, ib->log_off, SEEK_SET) < 0) {
		sc_reader_release(&r);
		close(fd);
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "%s", strerror(errno));
	}
	while ((rc = sc_reader_next(&r, &line, &len, e)) == 1) {
		struct sc_error pe;
		json_t *rec;

		if (r.no_newline && is_log == 1)
			break;	/* a record being written: next time */
		if (is_log == 1)
			ib->log_off += (off_t)len + 1;
		if (len == 0)
			continue;
		if (is_log == 2) {
			/* the journal: only "sent" entries matter */
			if (memmem(line, len, "\"sent\"", 6) == NULL)
				continue;
		}
		sc_error_clear(&pe);
		rec = r.too_long ? NULL : sc_json_parse_line(line, len, &pe);
		if (rec == NULL) {
			if (ib->bad++ == 0)
			{
				if (r.too_long)
					snprintf(pe.text, sizeof(pe.text), "line too long (over %zu bytes)",
						 r.max_line);
				snprintf(ib->bad_first, sizeof(ib->bad_first), "%s:%ld: %s", path,
					 r.lineno, pe.text);
			}
			continue;
		}
		if (is_log == 2) {
			const char *act = sc_json_str(rec, "action"), *tg = sc_json_str(rec, "target");
			const char *op = sc_json_str(rec, "op");
			uint64_t *val;
			if (act && tg && op && strcmp(act, "sent") == 0 &&
			    strcmp(op, "hide") != 0 && strcmp(op, "delete") != 0) {
				int64_t t = sc_inbox_rec_time(rec, "at");
				sc_set64_put(&ib->sent, hs(tg), &val);
				if ((int64_t)*val < t)
					*val = (uint64_t)t;
			}
		} else if (is_log == 1) {
			sc_inbox_apply(ib, rec);
		} else {
			add_message(ib, rec, draft_file);
		}
		json_decref(rec);
	}
	sc_reader_release(&r);
	close(fd);
	return rc < 0 ? -1 : 0;
}

static int64_t
stamp_of(const struct sc_inbox *ib)
{
	int64_t s = 0;
	struct stat st;
	size_t i;

	for (i = 0; i < ib->npaths; i++)
		if (stat(ib->paths[i], &st) == 0)
			s += (int64_t)st.st_size * 7 + (int64_t)st.st_mtime * 13 + (int64_t)st.st_mtim.tv_nsec;
	if (ib->src.journal && stat(ib->src.journal, &st) == 0)
		s += (int64_t)st.st_size * 3;
	return s;
}

int
sc_inbox_load(struct sc_inbox *ib, struct sc_error *e)
{
	size_t i;

	clear(ib);
	ib->stamp = stamp_of(ib);
	if (ib->src.journal && read_file(ib, ib->src.journal, 2, e) < 0)
		return -1;
	if (ib->src.caselog && read_file(ib, ib->src.caselog, 1, e) < 0)
		return -1;
	for (i = 0; i < ib->npaths; i++)
		if (read_file(ib, ib->paths[i], 0, e) < 0)
			return -1;
	sc_inbox_finish(ib);
	if (ib->bare_open) {
		/* a summarised thread came back open by a way that did not
		   bring its latest message: read everything whole */
		int keep = ib->src.open_only, rc;
		ib->src.open_only = 0;
		rc = sc_inbox_load(ib, e);
		ib->src.open_only = keep;
		return rc;
	}
	return 0;
}

long
sc_inbox_refresh_log(struct sc_inbox *ib, struct sc_error *e)
{
	off_t before = ib->log_off;
	struct stat st;

	if (ib->src.caselog == NULL)
		return 0;
	if (stat(ib->src.caselog, &st) < 0 || st.st_size <= before)
		return 0;
	if (read_file(ib, ib->src.caselog, 1, e) < 0)
		return -1;
	sc_inbox_finish(ib);
	if (ib->bare_open)	/* a summarised thread reopened by a case record */
		return sc_inbox_load(ib, e) < 0 ? -1 : 1;
	return ib->log_off > before ? 1 : 0;
}

int
sc_inbox_changed(const struct sc_inbox *ib)
{
	return stamp_of(ib) != ib->stamp;
}

void
sc_inbox_finish(struct sc_inbox *ib)
{
	size_t i;

	ib->bare_open = 0;
	for (i = 0; i < ib->n; i++) {
		struct sc_conv *c = &ib->v[i];
		int64_t reply = c->last_brand > c->answered ? c->last_brand : c->answered;

		/* resolved unless reopened or escalated after the last resolve */
		c->resolved = c->rseq > c->oseq;
		c->escalated = c->eseq > c->rseq;
		c->awaiting = c->last_cust > 0 && c->last_cust > reply &&
			      !(c->resolved && c->last_cust <= c->resolved_at);
		c->open = c->last_cust > 0 &&
			  (c->awaiting || (!c->resolved && c->tseq > 0) ||
			   (c->resolved && c->tseq > c->rseq && c->last_cust > c->resolved_at));
		if (c->awaiting && c->pend_t > reply) {
			c->priority = c->pend_pri < 9 ? c->pend_pri : c->priority;
			if (c->pend_due)
				c->due = c->pend_due;
		} else if (!c->awaiting) {
			c->due = 0;
		}
		if (c->open && c->bare)
			ib->bare_open = 1;
	}
}

struct sc_conv *
sc_inbox_find(const struct sc_inbox *ib, const char *id)
{
	uint64_t *val;
	size_t i;

	if (id == NULL)
		return NULL;
	if (sc_set64_get(&ib->idx, hs(id), &val) && !(*val & SC_INBOX_SUM))
		return &ib->v[*val - 1];
	for (i = 0; i < ib->n; i++)
		if (ib->v[i].id && strcmp(ib->v[i].id, id) == 0)
			return &ib->v[i];
	return NULL;
}

int
sc_inbox_claimed_by_other(const struct sc_inbox *ib, const struct sc_conv *c, const char *agent)
{
	return c->claim_by && c->claim_until > ib->now &&
	       (agent == NULL || strcmp(c->claim_by, agent) != 0);
}
