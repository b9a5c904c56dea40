/*
 * inbox_queue.c - what sc-inbox asks of the loaded conversations (see
 * inbox.c for how they are built): the filters and their counts, the
 * rank order (priority, public before private, due time, newest), the
 * time left to a deadline, a conversation as a JSON line, and one
 * conversation's whole thread read again from the files.
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

/* ---- the queue ---- */

static int
has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	const char *p = tags;

	while (p && *p) {
		const char *q = strchr(p, ',');
		size_t l = q ? (size_t)(q - p) : strlen(p);
		if (l == n && memcmp(p, tag, n) == 0)
			return 1;
		p = q ? q + 1 : NULL;
	}
	return 0;
}

static int
eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int
search_ok(const struct sc_conv *c, const char *pattern)
{
	char *pat = sc_text_lower_new(pattern, 1);
	const char *fields[] = {c->text, c->author, c->thread, c->id, c->last_note};
	int ok = 0;
	size_t i;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]) && !ok; i++) {
		char *f;
		if (fields[i] == NULL)
			continue;
		f = sc_text_lower_new(fields[i], 1);
		ok = strstr(f, pat) != NULL;
		free(f);
	}
	free(pat);
	return ok;
}

static int
pass(const struct sc_inbox *ib, const struct sc_conv *c, const struct sc_inbox_filter *f,
     const char *agent)
{
	if (!f->all && !c->open)
		return 0;
	if (c->last_cust == 0)
		return 0;	/* case records of a thread not in the files */
	if (f->profile && !eq(c->profile, f->profile))
		return 0;
	if (f->platform && !eq(c->platform, f->platform))
		return 0;
	if (f->kind && !eq(c->kind, f->kind))
		return 0;
	if (f->team && !eq(c->ateam ? c->ateam : c->esc_to ? c->esc_to : c->team, f->team))
		return 0;
	if (f->category && !eq(c->category, f->category))
		return 0;
	if (f->tag && !(c->tags && has_tag(c->tags, f->tag)))
		return 0;
	if (f->assignee && !eq(c->assignee, f->assignee))
		return 0;
	if (f->unassigned && (c->assignee || c->ateam))
		return 0;
	if (f->max_priority && c->priority > f->max_priority)
		return 0;
	if (f->escalated && !c->escalated)
		return 0;
	if (f->claimed && !(c->claim_by && c->claim_until > ib->now))
		return 0;
	if (f->awaiting && !c->awaiting)
		return 0;
	if (f->search && *f->search && !search_ok(c, f->search))
		return 0;
	(void)agent;
	return 1;
}

static const struct sc_inbox *sort_ib;
static enum sc_inbox_sort sort_by;

static int
cmp64(int64_t a, int64_t b)
{
	return a < b ? -1 : a > b;
}

static int
cmp_conv(const void *pa, const void *pb)
{
	const struct sc_conv *a = &sort_ib->v[*(const size_t *)pa];
	const struct sc_conv *b = &sort_ib->v[*(const size_t *)pb];
	int r;

	switch (sort_by) {
	case SC_SORT_NEWEST:
		r = cmp64(b->last_cust, a->last_cust);
		break;
	case SC_SORT_OLDEST:
		r = cmp64(a->last_cust, b->last_cust);
		break;
	case SC_SORT_DUE:
		r = (a->due == 0) - (b->due == 0);
		if (r == 0)
			r = cmp64(a->due, b->due);
		break;
	default:
		r = a->priority - b->priority;
		if (r == 0)
			r = a->priv - b->priv;
		if (r == 0)
			r = (a->due == 0) - (b->due == 0);
		if (r == 0)
			r = cmp64(a->due, b->due);
		if (r == 0)
			r = cmp64(b->last_cust, a->last_cust);
	}
	if (r == 0)
		r = strcmp(a->thread, b->thread);
	return r;
}

size_t
sc_inbox_query(const struct sc_inbox *ib, const struct sc_inbox_filter *f,
	       enum sc_inbox_sort sort, const char *agent, size_t *out)
{
	size_t i, n = 0;

	for (i = 0; i < ib->n; i++)
		if (pass(ib, &ib->v[i], f, agent))
			out[n++] = i;
	sort_ib = ib;
	sort_by = sort;
	qsort(out, n, sizeof(*out), cmp_conv);
	return n;
}

int
sc_inbox_sort_parse(const char *s, enum sc_inbox_sort *sort)
{
	static const char *names[] = {"rank", "newest", "oldest", "due"};
	int i;

	for (i = 0; i < 4; i++)
		if (strcmp(s, names[i]) == 0) {
			*sort = (enum sc_inbox_sort)i;
			return 0;
		}
	return -1;
}

void
sc_inbox_left(int64_t due, int64_t now, char *out, size_t cap)
{
	int64_t d = due - now, a = d < 0 ? -d : d;
	const char *sign = d < 0 ? "-" : "";

	if (due == 0)
		snprintf(out, cap, "-");
	else if (a < 3600)
		snprintf(out, cap, "%s%lldm", sign, (long long)(a / 60));
	else if (a < 86400 * 2)
		snprintf(out, cap, "%s%lldh", sign, (long long)(a / 3600));
	else
		snprintf(out, cap, "%s%lldd", sign, (long long)(a / 86400));
}

static void
kv_str(struct sc_buf *b, const char *k, const char *v)
{
	sc_buf_printf(b, ",\"%s\":", k);
	if (v)
		sc_buf_add_json_string(b, v, strlen(v));
	else
		sc_buf_adds(b, "null");
}

static void
kv_time(struct sc_buf *b, const char *k, int64_t t)
{
	char ts[32];

	if (t == 0) {
		sc_buf_printf(b, ",\"%s\":null", k);
		return;
	}
	sc_time_format(t, ts);
	sc_buf_printf(b, ",\"%s\":\"%s\"", k, ts);
}

void
sc_inbox_conv_json(const struct sc_inbox *ib, const struct sc_conv *c, struct sc_buf *b)
{
	const char *state = !c->open ? "closed" : c->escalated ? "escalated" :
			    c->held ? "held" : c->awaiting ? "awaiting" : "answered";
	json_t *reply = c->draft ? json_object_get(c->draft, "reply") : NULL;
	int claimed = c->claim_by && c->claim_until > ib->now;

	sc_buf_adds(b, "{\"thread_id\":");
	sc_buf_add_json_string(b, c->thread, strlen(c->thread));
	kv_str(b, "id", c->id);
	kv_str(b, "state", state);
	if (c->priority < 9)
		sc_buf_printf(b, ",\"priority\":\"P%d\"", c->priority);
	else
		sc_buf_adds(b, ",\"priority\":null");
	kv_time(b, "due_at", c->due);
	kv_str(b, "platform", c->platform);
	kv_str(b, "kind", c->kind);
	kv_str(b, "visibility", c->priv ? "private" : "public");
	kv_str(b, "profile", c->profile);
	kv_str(b, "author", c->author);
	kv_str(b, "text", c->text);
	kv_str(b, "category", c->category);
	kv_str(b, "sentiment", c->sentiment);
	kv_str(b, "team", c->ateam ? c->ateam : c->team);
	sc_buf_adds(b, ",\"tags\":[");
	{
		const char *p = c->tags;
		int first = 1;
		while (p && *p) {
			const char *q = strchr(p, ',');
			size_t l = q ? (size_t)(q - p) : strlen(p);
			if (!first)
				sc_buf_addc(b, ',');
			sc_buf_add_json_string(b, p, l);
			first = 0;
			p = q ? q + 1 : NULL;
		}
	}
	sc_buf_addc(b, ']');
	kv_str(b, "assignee", c->assignee);
	kv_str(b, "claimed_by", claimed ? c->claim_by : NULL);
	kv_time(b, "claimed_until", claimed ? c->claim_until : 0);
	kv_str(b, "escalated_to", c->escalated ? c->esc_to : NULL);
	kv_time(b, "last_message_at", c->last_cust);
	kv_time(b, "resolved_at", c->resolved ? c->resolved_at : 0);
	sc_buf_printf(b, ",\"messages\":%ld,\"notes\":%ld", c->nmsgs, c->nnotes);
	sc_buf_printf(b, ",\"held\":%s", c->held ? "true" : "false");
	kv_str(b, "draft", reply ? sc_json_str(reply, "status") : NULL);
	sc_buf_printf(b, ",\"needs_approval\":%s}",
		      json_is_true(json_object_get(reply, "needs_approval")) ? "true" : "false");
}

/* ---- one conversation ---- */

static int
cmp_time(const void *pa, const void *pb)
{
	json_t *a = *(json_t *const *)pa, *b = *(json_t *const *)pb;
	int64_t ta = sc_inbox_rec_time(a, "created_at"), tb = sc_inbox_rec_time(b, "created_at");

	return ta < tb ? -1 : ta > tb;
}

static void
scan_thread(const char *path, size_t max_line, const struct sc_conv *c, json_t *seen, json_t *arr,
	    int is_log)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct sc_reader r;
	const char *line;
	size_t len, tl = strlen(c->thread);
	struct sc_error e;

	if (fd < 0)
		return;
	sc_reader_init(&r, fd, path, max_line);
	sc_error_clear(&e);
	while (sc_reader_next(&r, &line, &len, &e) == 1) {
		json_t *rec;
		const char *th, *id, *kind;

		if (r.too_long || memmem(line, len, c->thread, tl) == NULL)
			continue;
		if ((rec = sc_json_parse_line(line, len, &e)) == NULL)
			continue;
		th = sc_json_str(rec, "thread_id");
		id = sc_json_str(rec, "id");
		kind = sc_json_str(rec, "kind");
		if (!(eq(th, c->thread) || (th == NULL && eq(id, c->thread))) || id == NULL ||
		    kind == NULL) {
			json_decref(rec);
			continue;
		}
		/* one copy of each message (drafts repeat the archive's); the
		   later file's copy (with its draft) replaces the earlier */
		if (!is_log && json_object_get(seen, id)) {
			size_t i = (size_t)json_integer_value(json_object_get(seen, id));
			if (json_object_get(rec, "reply"))
				json_array_set(arr, i, rec);
			json_decref(rec);
			continue;
		}
		json_object_set_new(seen, id, json_integer((json_int_t)json_array_size(arr)));
		json_array_append_new(arr, rec);
	}
	sc_reader_release(&r);
	close(fd);
}

json_t *
sc_inbox_thread_new(const struct sc_inbox *ib, const struct sc_conv *c, struct sc_error *e)
{
	json_t *arr = json_array(), *seen = json_object(), **v;
	size_t i, n;

	(void)e;
	for (i = 0; i < ib->npaths; i++)
		scan_thread(ib->paths[i], ib->src.max_line, c, seen, arr, 0);
	if (ib->src.caselog)
		scan_thread(ib->src.caselog, ib->src.max_line, c, seen, arr, 1);
	json_decref(seen);
	/* a stable sort by created_at: copy out, sort, rebuild */
	n = json_array_size(arr);
	v = sc_xmalloc((n ? n : 1) * sizeof(*v));
	for (i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(arr, i));
	/* insertion sort keeps file order among equal times */
	for (i = 1; i < n; i++) {
		size_t j = i;
		json_t *x = v[i];
		while (j > 0 && cmp_time(&v[j - 1], &x) > 0) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = x;
	}
	json_array_clear(arr);
	for (i = 0; i < n; i++)
		json_array_append_new(arr, v[i]);
	free(v);
	return arr;
}
