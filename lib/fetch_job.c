/*
 * fetch_job.c - the life of one sc-fetch job (profile, source): outcomes,
 * envelopes, the window, and what is committed to its state file.
 *
 * Commit rules (nothing is lost, whatever stops the run):
 *   - a job whose walks all finished saves watermark = the newest item
 *     time seen, but never later than the run's start minus --overlap
 *     (the first run's, when the window took several):
 *     an item created while the run was going (a long rate-limit wait
 *     elsewhere) or stamped in the future is inside the next window;
 *     future items are kept and reported once per job;
 *   - a job that stopped before the end of its window (--max-pages, a
 *     failed request, a deferral) saves a checkpoint: the window it was
 *     reading (since, post_since, newest so far) and the next page of
 *     every walk that had not finished, so the next run goes on from
 *     there instead of starting over; when a stopped walk cannot be
 *     resumed (a bad paging link) the state stays as it was;
 *   - nothing is saved before the items are durable: the output is
 *     flushed (and fsynced when it is a file, as with --spool); when it is
 *     not a file (a pipe), every save waits for the end of the run and
 *     for the reader to have taken every line, so a reader that goes away
 *     (EPIPE, or gone with lines unread: 74) moves no state.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fetch_int.h"

void
sc_fetch_opts_init(struct sc_fetch_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->now = (int64_t)time(NULL);
	o->parallel = 8;
	o->per_host = 8;
	sc_api_retry_defaults(&o->retries, &o->backoff_ms, &o->max_wait, &o->timeout);
	o->overlap = 300;
	o->post_window = 30 * 86400;
	o->max_pages = 1000;
}

void
sc_fetch_say(struct sc_fetch_run *r, int kind, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	if (r->o->msg == NULL || (kind == 0 && !r->o->verbose))
		return;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	r->o->msg(r->o->msg_ctx, kind, buf);
}

void
sc_fetch_outcome_fail(struct sc_fetch_prof *pr, int status, const char *source, const char *reason)
{
	if (sc_status_worse(status, pr->oc->status)) {
		pr->oc->status = status;
		if (source)
			snprintf(pr->oc->reason, sizeof(pr->oc->reason), "%s: %s", source, reason);
		else
			snprintf(pr->oc->reason, sizeof(pr->oc->reason), "%s", reason);
	}
}

void
sc_fetch_job_fail(struct sc_fetch_run *r, struct sc_fetch_job *j, int status, const char *reason)
{
	if (j->status == 0) {
		j->status = status;
		snprintf(j->reason, sizeof(j->reason), "%s", reason);
	}
	sc_fetch_outcome_fail(j->pr, status, j->src->name, reason);
	sc_fetch_say(r, 0, "profile %s: %s: %s", j->pr->p->name, j->src->name, reason);
}

void
sc_fetch_prof_fail(struct sc_fetch_run *r, struct sc_fetch_prof *pr, int status, const char *reason)
{
	size_t i;

	pr->dead = 1;
	sc_fetch_outcome_fail(pr, status, NULL, reason);
	for (i = 0; i < r->njobs; i++)
		if (r->jobs[i]->pr == pr && r->jobs[i]->status == 0 && !r->jobs[i]->committed) {
			r->jobs[i]->status = status;
			snprintf(r->jobs[i]->reason, sizeof(r->jobs[i]->reason), "%s", reason);
		}
	sc_fetch_say(r, 0, "profile %s: %s", pr->p->name, reason);
}

void
sc_fetch_walk_free(struct sc_fetch_walk *w)
{
	free(w->url);
	free(w->first);
	free(w->ctx_id);
	free(w->ctx_video);
	sc_api_resp_release(&w->resp);
	free(w);
}

int
sc_fetch_sync_out(struct sc_fetch_run *r)
{
	if (sc_out_flush(r->out) < 0)
		return -1;
	if (r->out_is_file && fsync(r->out->fd) < 0 && errno != EINVAL && errno != EROFS) {
		r->out->failed = 1;
		r->out->err = errno;
		return -1;
	}
	return 0;
}

static void
save(struct sc_fetch_run *r, struct sc_fetch_job *j, struct sc_fetch_state *ns)
{
	struct sc_error e;

	if (r->fatal)
		return;
	if (sc_fetch_sync_out(r) < 0) {
		r->fatal = SC_EX_IOERR;
		return;
	}
	sc_error_clear(&e);
	if (sc_fetch_state_save(r->o->state_dir, j->pr->p->name, j->src->name, ns, r->o->now, &e) < 0) {
		j->committed = 0;
		sc_fetch_job_fail(r, j, e.status ? e.status : SC_EX_IOERR, e.text);
		return;
	}
	sc_fetch_say(r, 0, "profile %s: %s: %s", j->pr->p->name, j->src->name,
		     ns->resume ? "stopped, checkpoint saved" : "done, state saved");
}

/* The state a finished job leaves: the window moved up to its newest
   item, capped at the run's start minus the overlap. */
static void
finished_state(struct sc_fetch_run *r, struct sc_fetch_job *j, struct sc_fetch_state *ns)
{
	/* the start of the window's first run: a window read over several
	   runs (checkpoints) may have missed what came after that */
	int64_t cap = (j->started ? j->started : r->o->now) - r->o->overlap, wm = j->newest;

	if (wm > cap)
		wm = cap;
	*ns = j->st;
	ns->resume = NULL;
	if (wm > ns->watermark)
		ns->watermark = wm;
	if (!j->st.present && ns->watermark == 0)
		ns->watermark = j->since < cap ? j->since : cap;
	if (j->newest_id[0] && (strlen(j->newest_id) > strlen(ns->since_id) ||
				(strlen(j->newest_id) == strlen(ns->since_id) &&
				 strcmp(j->newest_id, ns->since_id) > 0)))
		memcpy(ns->since_id, j->newest_id, sizeof(ns->since_id));
}

/* The checkpoint of a job that stopped: its window and the walks left. */
static json_t *
checkpoint_new(struct sc_fetch_job *j)
{
	json_t *c = json_object();

	json_object_set_new(c, "since", json_integer(j->since));
	json_object_set_new(c, "post_since", json_integer(j->post_since));
	json_object_set_new(c, "newest", json_integer(j->newest));
	json_object_set_new(c, "started", json_integer(j->started ? j->started : 0));
	if (j->newest_id[0])
		json_object_set_new(c, "newest_id", json_string(j->newest_id));
	json_object_set(c, "walks", j->stopped);
	return c;
}

/* The future items to remember as reported: this run's, and the earlier
   runs' not seen this time, while their time is still ahead. */
static json_t *
future_keep(struct sc_fetch_job *j)
{
	int64_t now = sc_api_wall_ms() / 1000;
	const char *k;
	json_t *v;
	void *tmp;

	if (j->future_ids == NULL)
		j->future_ids = json_object();
	json_object_foreach(j->st.future, k, v)
		if (json_object_size(j->future_ids) < SC_FETCH_FUTURE_MAX && !json_object_get(j->future_ids, k))
			json_object_set(j->future_ids, k, v);
	json_object_foreach_safe(j->future_ids, tmp, k, v)
		if (json_integer_value(v) <= now)
			json_object_del(j->future_ids, k);
	return j->future_ids;
}

/* A job whose walks are all finished or stopped. */
static void
job_finish(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_fetch_state ns;

	r->jobs_done++;
	if (r->fatal)
		return;
	if (j->limited && j->status == 0)
		sc_fetch_job_fail(r, j, SC_EX_TEMPFAIL, j->limited);
	if (j->future_new > 0) {
		char t[32];
		sc_time_format(j->future_max, t);
		sc_fetch_say(r, 1, "profile %s: %s: %ld item%s stamped in the future (up to %s), kept; "
			     "the watermark stays at the run's start", j->pr->p->name, j->src->name,
			     j->future_new, j->future_new == 1 ? "" : "s", t);
	} else if (j->future > 0) {
		sc_fetch_say(r, 0, "profile %s: %s: %ld item%s stamped in the future, reported before",
			     j->pr->p->name, j->src->name, j->future, j->future == 1 ? "" : "s");
	}
	if (j->status == 0) {
		finished_state(r, j, &ns);
	} else if (!j->broken && json_array_size(j->stopped) > 0) {
		ns = j->st;
		ns.resume = checkpoint_new(j);
	} else if (j->st.resume) {
		/* a checkpoint that did not work: the next run reads the window again */
		ns = j->st;
		ns.resume = NULL;
	} else {
		return;
	}
	ns.future = future_keep(j);
	j->committed = 1;
	if (r->defer) {
		j->ns = ns;
		j->ready = 1;
		return;
	}
	save(r, j, &ns);
	if (ns.resume != j->st.resume)
		json_decref(ns.resume);
}

/*
 * Output into a pipe: wait until the reader has taken every byte, or is
 * gone.  Lines still in the pipe when the reader exits (sc-fetch | head,
 * a reader killed) are lost to it, so no state may move for them: -1
 * (EPIPE, 74).  -2 when a signal stops the run first (nothing commits).
 */
static int
wait_drained(struct sc_fetch_run *r)
{
	struct stat sb;

	if (fstat(r->out->fd, &sb) < 0 || !S_ISFIFO(sb.st_mode))
		return 0;
	for (;;) {
		struct pollfd p;
		int left = 0;

		if (ioctl(r->out->fd, FIONREAD, &left) < 0 || left <= 0)
			return 0;	/* taken (or the system cannot tell) */
		if (r->o->stop && *r->o->stop)
			return -2;
		memset(&p, 0, sizeof(p));
		p.fd = r->out->fd;	/* no events asked: POLLERR is a reader gone */
		if (poll(&p, 1, 100) > 0 && (p.revents & (POLLERR | POLLHUP | POLLNVAL))) {
			r->out->failed = 1;
			r->out->err = EPIPE;
			return -1;
		}
	}
}

void
sc_fetch_commit_deferred(struct sc_fetch_run *r)
{
	size_t k;
	int d;

	if (r->fatal || sc_fetch_sync_out(r) < 0) {
		r->fatal = SC_EX_IOERR;
		return;
	}
	if ((d = wait_drained(r)) < 0) {
		if (d == -1)
			r->fatal = SC_EX_IOERR;
		return;
	}
	for (k = 0; k < r->njobs; k++) {
		struct sc_fetch_job *j = r->jobs[k];
		if (!j->ready)
			continue;
		save(r, j, &j->ns);
		if (j->ns.resume != j->st.resume)
			json_decref(j->ns.resume);
		j->ns.resume = NULL;
		j->ready = 0;
	}
}

void
sc_fetch_walk_done(struct sc_fetch_run *r, struct sc_fetch_walk *w)
{
	struct sc_fetch_job *j = w->job;

	sc_fetch_walk_free(w);
	if (--j->nwalks == 0)
		job_finish(r, j);
}

/* url without the profile's origin ("/v21.0/1/comments?..."), or NULL. */
static const char *
relative(const struct sc_fetch_prof *pr, const char *url)
{
	size_t n = strlen(pr->origin);

	if (url == NULL || strncmp(url, pr->origin, n) != 0 || url[n] != '/')
		return NULL;
	return url + n;
}

void
sc_fetch_walk_stop(struct sc_fetch_run *r, struct sc_fetch_walk *w)
{
	struct sc_fetch_job *j = w->job;
	const char *u = relative(j->pr, w->url), *f = relative(j->pr, w->first);

	if (u == NULL || f == NULL) {
		j->broken = 1;
	} else if (!j->broken) {
		json_t *e = json_object();
		json_object_set_new(e, "w", json_string(w->ops->name));
		json_object_set_new(e, "url", json_string(u));
		json_object_set_new(e, "first", json_string(f));
		if (w->ctx_id)
			json_object_set_new(e, "ctx", json_string(w->ctx_id));
		if (w->ctx_video)
			json_object_set_new(e, "video", json_string(w->ctx_video));
		if (w->ad)
			json_object_set_new(e, "ad", json_true());
		if (j->stopped == NULL)
			j->stopped = json_array();
		json_array_append_new(j->stopped, e);
	}
	sc_fetch_walk_done(r, w);
}

static const struct sc_walk_ops *
walk_kind(const struct sc_source_ops *src, const char *name)
{
	size_t i;

	for (i = 0; name && src->walks[i]; i++)
		if (strcmp(src->walks[i]->name, name) == 0)
			return src->walks[i];
	return NULL;
}

int
sc_fetch_job_resume(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	json_t *c = j->st.resume, *walks = json_object_get(c, "walks"), *e;
	struct sc_fetch_prof *pr = j->pr;
	size_t i;

	/* check all first: a checkpoint is used whole or not at all */
	json_array_foreach(walks, i, e) {
		const char *ctx = sc_json_str(e, "ctx"), *video = sc_json_str(e, "video");
		if (walk_kind(j->src, sc_json_str(e, "w")) == NULL ||
		    (ctx && !sc_fetch_safe_id(ctx)) || (video && !sc_fetch_safe_id(video))) {
			char *path = sc_fetch_state_path_new(r->o->state_dir, pr->p->name, j->src->name);
			char why[400];
			snprintf(why, sizeof(why), "%.200s: state file has a checkpoint this source cannot "
				 "use; rerun with --reset", path);
			free(path);
			sc_fetch_job_fail(r, j, SC_EX_CONFIG, why);
			return -1;
		}
	}
	j->since = (int64_t)json_integer_value(json_object_get(c, "since"));
	j->post_since = (int64_t)json_integer_value(json_object_get(c, "post_since"));
	j->newest = (int64_t)json_integer_value(json_object_get(c, "newest"));
	if (json_integer_value(json_object_get(c, "started")) > 0 &&
	    json_integer_value(json_object_get(c, "started")) < j->started)
		j->started = (int64_t)json_integer_value(json_object_get(c, "started"));
	if (sc_json_str(c, "newest_id"))
		snprintf(j->newest_id, sizeof(j->newest_id), "%s", sc_json_str(c, "newest_id"));
	json_array_foreach(walks, i, e) {
		struct sc_buf u, f;
		struct sc_fetch_walk *w;

		sc_buf_init(&u);
		sc_buf_init(&f);
		sc_buf_printf(&u, "%s%s", pr->origin, sc_json_str(e, "url"));
		sc_buf_printf(&f, "%s%s", pr->origin, sc_json_str(e, "first"));
		w = sc_fetch_walk_add(r, j, walk_kind(j->src, sc_json_str(e, "w")), u.data,
				      sc_json_str(e, "ctx"), json_is_true(json_object_get(e, "ad")));
		free(w->first);
		w->first = f.data;
		if (sc_json_str(e, "video"))
			w->ctx_video = sc_xstrdup(sc_json_str(e, "video"));
		w->resumed = 1;
	}
	sc_fetch_say(r, 0, "profile %s: %s: going on from a checkpoint (%zu walks)", pr->p->name,
		     j->src->name, json_array_size(walks));
	return 0;
}

/* ---- items ---- */

int
sc_fetch_in_window(struct sc_fetch_job *j, int64_t t)
{
	if (t && t < j->since)
		return 0;
	if (t > j->newest)
		j->newest = t;
	j->pend_future = 0;
	if (t > sc_api_wall_ms() / 1000 + 60) {
		j->future++;
		j->pend_future = t;	/* sc_fetch_emit notes the item */
	}
	return 1;
}

void
sc_fetch_note_id(struct sc_fetch_job *j, const char *id)
{
	size_t n;

	if (id == NULL || (n = strlen(id)) == 0 || n >= sizeof(j->newest_id))
		return;
	if (n > strlen(j->newest_id) || (n == strlen(j->newest_id) && strcmp(id, j->newest_id) > 0))
		memcpy(j->newest_id, id, n + 1);
}

void
sc_fetch_emit(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *ctx, json_t *item)
{
	struct sc_fetch_job *j = w->job;
	int64_t now = sc_api_wall_ms() / 1000;
	json_t *env;
	char at[32];

	if (r->fatal) {
		json_decref(ctx);
		return;
	}
	if (j->pend_future) {
		/* an item stamped in the future: reported once, whichever run
		   sees it first (the state keeps the ids reported) */
		const char *id = sc_json_str(item, "id") ? sc_json_str(item, "id")
			       : sc_json_str(item, "reviewId") ? sc_json_str(item, "reviewId")
			       : sc_json_str(item, "name");
		if (id == NULL || json_object_get(j->st.future, id) == NULL) {
			j->future_new++;
			if (j->pend_future > j->future_max)
				j->future_max = j->pend_future;
		}
		if (id) {
			if (j->future_ids == NULL)
				j->future_ids = json_object();
			if (json_object_size(j->future_ids) < SC_FETCH_FUTURE_MAX)
				json_object_set_new(j->future_ids, id, json_integer(j->pend_future));
		}
		j->pend_future = 0;
	}
	sc_time_format(now, at);
	env = json_object();
	json_object_set_new(env, "sc", json_string("raw"));
	json_object_set_new(env, "platform", json_string(sc_platform_name(j->pr->plat)));
	json_object_set_new(env, "profile", json_string(j->pr->p->name));
	json_object_set_new(env, "source", json_string(j->src->name));
	json_object_set_new(env, "fetched_at", json_string(at));
	json_object_set_new(env, "context", ctx);
	json_object_set(env, "item", item);
	if (sc_out_json(r->out, env) < 0)
		r->fatal = SC_EX_IOERR;
	json_decref(env);
	r->items++;
	j->pr->oc->items++;
}

int64_t
sc_fetch_active_time(json_t *item, const char *tpath, const char *nested)
{
	int64_t t = sc_fetch_item_time(item, tpath);
	json_t *rep;
	size_t k;

	if (nested)
		json_array_foreach(json_object_get(item, nested), k, rep) {
			int64_t rt = sc_fetch_item_time(rep, tpath);
			if (rt > t)
				t = rt;
		}
	return t;
}

int
sc_fetch_items_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc,
		    const struct sc_fetch_items *s)
{
	json_t *it, *ctx;
	size_t i;
	int stop = 0;

	json_array_foreach(sc_json_path(doc, w->ops->list), i, it) {
		if (!sc_fetch_in_window(w->job, sc_fetch_active_time(it, s->tpath, s->nested))) {
			stop = s->ordered != SC_ITEMS_ANY;
			if (s->ordered == 1)
				break;
			continue;
		}
		ctx = sc_fetch_ctx_new(w);
		if (s->key)
			json_object_set_new(ctx, s->key, json_string(w->ctx_id ? w->ctx_id : ""));
		if (s->ctx)
			s->ctx(w, it, ctx);
		sc_fetch_emit(r, w, ctx, it);
	}
	return sc_fetch_walk_next(r, w, doc, stop);
}

int
sc_fetch_parents_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc, int64_t since,
		      const struct sc_fetch_kids *k)
{
	json_t *it;
	size_t i;
	int stop = 0;
	struct sc_buf b;

	sc_buf_init(&b);
	json_array_foreach(sc_json_path(doc, w->ops->list), i, it) {
		const char *id = sc_json_str(it, k->idkey);
		int64_t t = sc_fetch_item_time(it, k->tpath);
		if (t && t < since) {
			if (k->ordered) {
				stop = 1;	/* newest first: the rest is older */
				break;
			}
			continue;
		}
		if (!sc_fetch_safe_id(id))
			continue;
		sc_buf_reset(&b);
		k->url(w, id, &b);
		sc_fetch_walk_add(r, w->job, k->kid, sc_xstrdup(b.data), id, w->ad);
	}
	sc_buf_release(&b);
	return sc_fetch_walk_next(r, w, doc, stop);
}
