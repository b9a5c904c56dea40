/*
 * fetch_state.c - what sc-fetch keeps between runs, and how it keeps it
 * safe (sc-fetch(1), Incremental runs).
 *
 * Layout under the state directory DIR:
 *   DIR/fetch.lock                      flock(2)ed for the whole run
 *   DIR/fetch/<profile>/<source>.json   {"v":1,"profile","source",
 *                                        "watermark","since_id","resume",
 *                                        "future","saved_at"}
 *   DIR/fetch/quota.json                the limits learnt per token (quota
 *                                        memory, fetch_quota.c), advisory:
 *                                        a damaged one is ignored
 * ("resume" is the checkpoint of a run that stopped early; fetch_job.c
 * says what goes in it.)  DIR/fetch and DIR/fetch/<profile> must be real
 * directories of this user, never symbolic links.
 * A state file is replaced atomically: a uniquely named temp file in the
 * same directory, write, fsync, rename, fsync of the directory.  Reading
 * fails closed: anything but a valid state (empty, NUL bytes, truncated,
 * wrong version, other profile, a watermark in the future, a symlink, a
 * file of another user) is an error, never "no state".
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fetch.h"

char *
sc_fetch_default_state_dir_new(void)
{
	const char *x = getenv("XDG_STATE_HOME");
	const char *h = getenv("HOME");
	struct sc_buf b;

	sc_buf_init(&b);
	if (x && *x == '/')
		sc_buf_printf(&b, "%s/sc", x);
	else if (h && *h)
		sc_buf_printf(&b, "%s/.local/state/sc", h);
	else
		return NULL;
	return b.data;
}

static int
mkdirs(const char *path)
{
	char *p = sc_xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

int
sc_fetch_lock(const char *dir, struct sc_error *e)
{
	struct sc_buf b;
	int fd;

	if (mkdirs(dir) < 0)
		return sc_error_set(e, SC_EX_CONFIG, dir, 0, 0, "cannot create state directory: %s",
				    strerror(errno));
	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/fetch.lock", dir);
	fd = open(b.data, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		sc_error_set(e, SC_EX_CONFIG, b.data, 0, 0, "cannot open lock file: %s", strerror(errno));
		sc_buf_release(&b);
		return -1;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		int busy = errno == EWOULDBLOCK;
		sc_error_set(e, busy ? SC_EX_TEMPFAIL : SC_EX_OSERR, b.data, 0, 0, "%s",
			     busy ? "another sc-fetch run holds the lock on this state directory; try later"
				  : strerror(errno));
		close(fd);
		sc_buf_release(&b);
		return -1;
	}
	sc_buf_release(&b);
	return fd;
}

/* Profile names become one path component: [A-Za-z0-9._-], others %XX,
   and never "." or ".." or a leading dot. */
static void
add_component(struct sc_buf *b, const char *s)
{
	const char *p;

	for (p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		    c == '_' || c == '-' || (c == '.' && p != s))
			sc_buf_addc(b, (char)c);
		else
			sc_buf_printf(b, "%%%02X", c);
	}
}

/*
 * A directory the state lives in must be ours and real: a symbolic link
 * (or a directory of another user) could send the state, and the
 * cleaning of temp files, somewhere else.  0 when absent or fine, -1
 * with e set (78) when not.
 */
static int
dir_check(const char *path, struct sc_error *e)
{
	struct stat sb;
	const char *why = NULL;

	if (lstat(path, &sb) < 0)
		return errno == ENOENT ? 0 : sc_error_set(e, SC_EX_CONFIG, path, 0, 0,
							  "cannot read state directory: %s", strerror(errno));
	if (S_ISLNK(sb.st_mode))
		why = "is a symbolic link";
	else if (!S_ISDIR(sb.st_mode))
		why = "is not a directory";
	else if (sb.st_uid != geteuid())
		why = "belongs to another user";
	if (why == NULL)
		return 0;
	return sc_error_set(e, SC_EX_CONFIG, path, 0, 0,
			    "state directory %s; remove it (sc-fetch makes its own)", why);
}

/* DIR/fetch and DIR/fetch/<profile> are checked (DIR itself is the
   user's choice, like --state). */
static int
dirs_check(const char *dir, const char *pd, struct sc_error *e)
{
	struct sc_buf b;
	int rc;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/fetch", dir);
	rc = dir_check(b.data, e);
	sc_buf_release(&b);
	return rc < 0 ? -1 : dir_check(pd, e);
}

static char *
profile_dir_new(const char *dir, const char *profile)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/fetch/", dir);
	add_component(&b, profile);
	return b.data;
}

char *
sc_fetch_state_path_new(const char *dir, const char *profile, const char *source)
{
	struct sc_buf b;
	char *pd = profile_dir_new(dir, profile);

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/%s.json", pd, source);
	free(pd);
	return b.data;
}

void
sc_fetch_clean_tmp(const char *dir)
{
	struct sc_buf b;
	DIR *top, *d;
	struct dirent *pe, *fe;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/fetch", dir);
	{
		int fd = open(b.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		top = fd >= 0 ? fdopendir(fd) : NULL;
		if (fd >= 0 && top == NULL)
			close(fd);
	}
	if (top == NULL) {
		sc_buf_release(&b);
		return;
	}
	while ((pe = readdir(top)) != NULL) {
		struct sc_buf pd;
		size_t n = strlen(pe->d_name);
		if (pe->d_name[0] == '.') {	/* a killed run's .quota.json.*.tmp */
			if (n > 4 && strcmp(pe->d_name + n - 4, ".tmp") == 0)
				unlinkat(dirfd(top), pe->d_name, 0);
			continue;
		}
		sc_buf_init(&pd);
		sc_buf_printf(&pd, "%s/%s", b.data, pe->d_name);
		{
			/* never into a symbolic link: open the directory itself */
			int fd = open(pd.data, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
			d = fd >= 0 ? fdopendir(fd) : NULL;
			if (fd >= 0 && d == NULL)
				close(fd);
		}
		if (d != NULL) {
			while ((fe = readdir(d)) != NULL) {
				size_t k = strlen(fe->d_name);
				if (fe->d_name[0] == '.' && k > 4 && strcmp(fe->d_name + k - 4, ".tmp") == 0)
					unlinkat(dirfd(d), fe->d_name, 0);
			}
			closedir(d);
		}
		sc_buf_release(&pd);
	}
	closedir(top);
	sc_buf_release(&b);
}

/* Room for a checkpoint of some thousands of walks. */
#define STATE_MAX (16u * 1024 * 1024)

static int
rel_url_ok(const char *u)
{
	const unsigned char *p;

	if (u == NULL || u[0] != '/' || strstr(u, "://") || strlen(u) > 8192)
		return 0;
	for (p = (const unsigned char *)u; *p; p++)
		if (*p < 0x21 || *p == 0x7f)
			return 0;
	return 1;
}

/* The shape of a checkpoint (what its walks mean is the engine's). */
static int
resume_ok(const json_t *r, int64_t now)
{
	const char *k[] = {"since", "post_since", "newest"};
	const json_t *walks = json_object_get(r, "walks"), *w;
	size_t i;

	if (!json_is_object(r) || !json_is_array(walks) || json_array_size(walks) == 0)
		return 0;
	if (json_object_get(r, "started") && (!json_is_integer(json_object_get(r, "started")) ||
					      json_integer_value(json_object_get(r, "started")) < 0 ||
					      json_integer_value(json_object_get(r, "started")) > now + 86400))
		return 0;
	for (i = 0; i < 3; i++) {
		const json_t *v = json_object_get(r, k[i]);
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > now + 86400 * 400)
			return 0;
	}
	json_array_foreach(walks, i, w) {
		if (!json_is_object(w) || !json_is_string(json_object_get(w, "w")) ||
		    !rel_url_ok(sc_json_str(w, "url")) || !rel_url_ok(sc_json_str(w, "first")))
			return 0;
		if (json_object_get(w, "ctx") && !json_is_string(json_object_get(w, "ctx")))
			return 0;
		if (json_object_get(w, "video") && !json_is_string(json_object_get(w, "video")))
			return 0;
	}
	return 1;
}

int
sc_fetch_state_load(const char *dir, const char *profile, const char *source, int64_t now,
		    struct sc_fetch_state *st, struct sc_error *e)
{
	char *path = sc_fetch_state_path_new(dir, profile, source);
	struct stat sb;
	json_t *doc = NULL, *v;
	json_error_t je;
	const char *why = NULL;
	struct sc_buf buf;
	ssize_t n = 0;
	int fd, rc = -1;

	sc_buf_init(&buf);

	memset(st, 0, sizeof(*st));
	{
		char *pd = profile_dir_new(dir, profile);
		int bad = dirs_check(dir, pd, e);
		free(pd);
		if (bad < 0)
			goto out;
	}
	if (lstat(path, &sb) < 0) {
		if (errno == ENOENT) {
			free(path);
			return 0;
		}
		sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "cannot read state: %s", strerror(errno));
		goto out;
	}
	if (S_ISLNK(sb.st_mode)) {
		why = "is a symbolic link";
		goto bad;
	}
	if (!S_ISREG(sb.st_mode)) {
		why = "is not a regular file";
		goto bad;
	}
	if (sb.st_uid != geteuid()) {
		why = "belongs to another user";
		goto bad;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "cannot read state: %s", strerror(errno));
		goto out;
	}
	for (;;) {
		char chunk[8192];
		ssize_t k = read(fd, chunk, sizeof(chunk));
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			n = k < 0 ? -1 : (ssize_t)buf.len;
			break;
		}
		sc_buf_add(&buf, chunk, (size_t)k);
		if (buf.len > STATE_MAX) {
			n = (ssize_t)buf.len;
			break;
		}
	}
	close(fd);
	if (n < 0) {
		sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "cannot read state: %s", strerror(errno));
		goto out;
	}
	if (n == 0) {
		why = "is empty";
		goto bad;
	}
	if ((size_t)n > STATE_MAX) {
		why = "is too large";
		goto bad;
	}
	if (memchr(buf.data, '\0', (size_t)n) != NULL) {
		why = "holds NUL bytes";
		goto bad;
	}
	doc = json_loadb(buf.data, (size_t)n, JSON_REJECT_DUPLICATES, &je);
	if (doc == NULL || !json_is_object(doc)) {
		why = "is not valid JSON (truncated or damaged)";
		goto bad;
	}
	v = json_object_get(doc, "v");
	if (!json_is_integer(v) || json_integer_value(v) != 1) {
		why = "has an unknown version";
		goto bad;
	}
	if (!sc_json_str(doc, "profile") || strcmp(sc_json_str(doc, "profile"), profile) != 0 ||
	    !sc_json_str(doc, "source") || strcmp(sc_json_str(doc, "source"), source) != 0) {
		why = "belongs to another profile or source";
		goto bad;
	}
	v = json_object_get(doc, "watermark");
	if (v != NULL && !json_is_null(v)) {
		if (!json_is_string(v) || sc_time_parse(json_string_value(v), &st->watermark) < 0) {
			why = "has a bad watermark";
			goto bad;
		}
		if (st->watermark > now + 86400) {
			why = "has a watermark in the future";
			goto bad;
		}
		/* sc-fetch never commits past the run's start (minus the
		   overlap), which is before the save: a later watermark is
		   poisoned (an older sc-fetch moved it to a future item) and
		   would skip what came meanwhile */
		{
			int64_t at = 0, cap = now;
			if (sc_time_parse_json(json_object_get(doc, "saved_at"), &at) == 0 && at > 0 && at < cap)
				cap = at;
			if (st->watermark > cap) {
				st->pulled_from = st->watermark;
				st->watermark = cap;
			}
		}
	}
	v = json_object_get(doc, "since_id");
	if (v != NULL && !json_is_null(v)) {
		const char *s = json_string_value(v);
		size_t k;
		if (s == NULL || strlen(s) >= sizeof(st->since_id) || *s == '\0') {
			why = "has a bad since_id";
			goto bad;
		}
		for (k = 0; s[k]; k++)
			if (s[k] < '0' || s[k] > '9') {
				why = "has a bad since_id";
				goto bad;
			}
		memcpy(st->since_id, s, strlen(s) + 1);
	}
	v = json_object_get(doc, "resume");
	if (v != NULL && !json_is_null(v)) {
		if (!resume_ok(v, now)) {
			why = "has a bad checkpoint (resume)";
			goto bad;
		}
		st->resume = json_incref(v);
	}
	v = json_object_get(doc, "future");
	if (v != NULL && !json_is_null(v)) {
		const char *k;
		json_t *t;
		if (!json_is_object(v) || json_object_size(v) > SC_FETCH_FUTURE_MAX) {
			why = "has a bad list of future items";
			goto bad;
		}
		json_object_foreach(v, k, t)
			if (!json_is_integer(t) || *k == '\0') {
				why = "has a bad list of future items";
				goto bad;
			}
		st->future = json_incref(v);
	}
	st->present = 1;
	rc = 1;
	goto out;
bad:
	sc_error_set(e, SC_EX_CONFIG, path, 0, 0,
		     "state file %s; fix or remove it, or rerun with --reset", why);
out:
	json_decref(doc);
	sc_buf_release(&buf);
	free(path);
	return rc;
}

void
sc_fetch_state_release(struct sc_fetch_state *st)
{
	json_decref(st->resume);
	st->resume = NULL;
	json_decref(st->future);
	st->future = NULL;
}

static int
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

/* Replace pd/name.json with body: a unique temp file beside it, write,
   fsync, rename, fsync of the directory.  0, or -1 with e set (74). */
static int
replace_file(const char *pd, const char *name, const char *path, const struct sc_buf *body, int64_t now,
	     struct sc_error *e)
{
	struct sc_buf tmp;
	int fd, dfd = -1, rc = -1;
	unsigned rnd;

	sc_buf_init(&tmp);
	rnd = (unsigned)getpid() * 2654435761u ^ (unsigned)now ^ (unsigned)(uintptr_t)&rnd;
	sc_buf_printf(&tmp, "%s/.%s.json.%ld.%08x.tmp", pd, name, (long)getpid(), rnd);
	fd = open(tmp.data, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot write state: %s", strerror(errno));
		goto out;
	}
	if (write_all(fd, body->data, body->len) < 0 || fsync(fd) < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot write state: %s", strerror(errno));
		close(fd);
		unlink(tmp.data);
		goto out;
	}
	if (close(fd) < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot write state: %s", strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	if (rename(tmp.data, path) < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot replace state: %s", strerror(errno));
		unlink(tmp.data);
		goto out;
	}
	dfd = open(pd, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0 || fsync(dfd) < 0) {
		sc_error_set(e, SC_EX_IOERR, pd, 0, 0, "cannot sync state directory: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (dfd >= 0)
		close(dfd);
	sc_buf_release(&tmp);
	return rc;
}

int
sc_fetch_state_save(const char *dir, const char *profile, const char *source,
		    const struct sc_fetch_state *st, int64_t now, struct sc_error *e)
{
	char *pd = profile_dir_new(dir, profile);
	char *path = sc_fetch_state_path_new(dir, profile, source);
	struct sc_buf body;
	char wm[32], at[32];
	int rc = -1;

	sc_buf_init(&body);
	if (dirs_check(dir, pd, e) < 0)
		goto out;
	if (mkdirs(pd) < 0) {
		sc_error_set(e, SC_EX_IOERR, pd, 0, 0, "cannot create state directory: %s", strerror(errno));
		goto out;
	}
	if (dirs_check(dir, pd, e) < 0)	/* made by us a moment ago, or swapped */
		goto out;
	sc_time_format(st->watermark, wm);
	sc_time_format(now, at);
	sc_buf_printf(&body, "{\"v\":1,\"profile\":");
	sc_buf_add_json_string(&body, profile, strlen(profile));
	sc_buf_printf(&body, ",\"source\":\"%s\",\"watermark\":", source);
	if (st->watermark > 0)
		sc_buf_printf(&body, "\"%s\"", wm);
	else
		sc_buf_adds(&body, "null");
	if (st->since_id[0])
		sc_buf_printf(&body, ",\"since_id\":\"%s\"", st->since_id);
	if (st->resume) {
		sc_buf_adds(&body, ",\"resume\":");
		sc_buf_add_json(&body, st->resume);
	}
	if (st->future && json_object_size(st->future) > 0) {
		sc_buf_adds(&body, ",\"future\":");
		sc_buf_add_json(&body, st->future);
	}
	sc_buf_printf(&body, ",\"saved_at\":\"%s\"}\n", at);
	rc = replace_file(pd, source, path, &body, now, e);
out:
	sc_buf_release(&body);
	free(pd);
	free(path);
	return rc;
}

int
sc_fetch_state_remove(const char *dir, const char *profile, const char *source, struct sc_error *e)
{
	char *path = sc_fetch_state_path_new(dir, profile, source);
	int rc = 0;

	if (unlink(path) < 0 && errno != ENOENT)
		rc = sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot remove state: %s", strerror(errno));
	free(path);
	return rc;
}

/* ---- quota memory ---- */

json_t *
sc_fetch_quota_load(const char *dir, int64_t now, char *warn, size_t cap)
{
	struct sc_buf p;
	json_t *doc;
	json_error_t je;
	struct stat sb;

	(void)now;
	warn[0] = '\0';
	sc_buf_init(&p);
	sc_buf_printf(&p, "%s/fetch/quota.json", dir);
	if (lstat(p.data, &sb) < 0) {
		sc_buf_release(&p);
		return json_object();
	}
	doc = S_ISREG(sb.st_mode) && sb.st_uid == geteuid() && sb.st_size < 1024 * 1024
		      ? json_load_file(p.data, JSON_REJECT_DUPLICATES, &je) : NULL;
	if (!json_is_object(doc) || json_integer_value(json_object_get(doc, "v")) != 1) {
		/* advisory: without it a run spends one request to learn a limit again */
		snprintf(warn, cap, "%.200s: not a valid quota file, ignored (it is written again at the end)", p.data);
		json_decref(doc);
		doc = json_object();
	}
	sc_buf_release(&p);
	return doc;
}

int
sc_fetch_quota_save(const char *dir, json_t *q, int64_t now, struct sc_error *e)
{
	struct sc_buf pd, path, body;
	char at[32];
	int rc = -1;

	sc_buf_init(&pd);
	sc_buf_init(&path);
	sc_buf_init(&body);
	sc_buf_printf(&pd, "%s/fetch", dir);
	sc_buf_printf(&path, "%s/quota.json", pd.data);
	if (dir_check(pd.data, e) < 0)
		goto out;
	if (mkdirs(pd.data) < 0) {
		sc_error_set(e, SC_EX_IOERR, pd.data, 0, 0, "cannot create state directory: %s", strerror(errno));
		goto out;
	}
	sc_time_format(now, at);
	json_object_set_new(q, "v", json_integer(1));
	json_object_set_new(q, "saved_at", json_string(at));
	sc_buf_add_json(&body, q);
	sc_buf_addc(&body, '\n');
	rc = replace_file(pd.data, "quota", path.data, &body, now, e);
out:
	sc_buf_release(&pd);
	sc_buf_release(&path);
	sc_buf_release(&body);
	return rc;
}
