/*
 * reply_journal.c - the outbox journal: an append-only NDJSON file, the
 * audit trail of everything sc-reply decides or does in a brand's name.
 *
 * Each entry is one line, a JSON object whose first two members are
 *   "seq"  1, 2, 3 ... without gaps, and
 *   "prev" the SHA-256 (hex) of the previous line's exact bytes (without
 *          its newline); 64 zeros for the first entry,
 * followed by what the writer records (who or which rule decided, what was
 * done, the target, the original text ...).  Editing, inserting or
 * removing any line breaks the chain at the next line; editing or removing
 * the last lines is detected by comparing the head hash (the hash of the
 * last line, which --verify-journal prints) with a copy kept elsewhere.
 *
 * The writer holds an exclusive flock(2) on the file from open to close,
 * so two runs never interleave, and writes each line with one write(2).
 *
 * Entries written today (drafting, --journal): "at", "actor" ("sc-reply"),
 * "rule" (replies.csv:LINE, or "built-in"), "action" ("draft" | "skip"),
 * "target" (the message id), "platform", "profile", "reply" (the whole
 * reply object) and "original_text" (the customer's text).
 *
 * With --send (lib/reply_send.c), the same chain records every request:
 * "intent" (appended and fsynced before the request: "op" reply |
 * private_reply | message | hide | delete, "key" = SHA-256 of op and the
 * message id, the "text" posted, "attempt"), then "sent" (with the
 * platform's "id", and "resolved_by" read-back | platform when the post
 * was found rather than answered), "failed" (a definite refusal, with
 * "error") or "unknown" (timeout, reset, 5xx, 429: the server may have
 * accepted).  "agent" and "approved_by" say who ran and who approved;
 * "rule" names the template row, or "sc-triage:RULES" for moderation.
 * A run replays the journal first: a key with "sent" is never posted
 * again, a key whose last intent has no "sent" is read back first.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "reply_journal.h"

static const char zero_hash[] =
	"0000000000000000000000000000000000000000000000000000000000000000";

/* Read the last line of fd (size bytes) into b, without its newline.
   Returns 0, 1 when the file ends without a newline, -1 on error. */
static int
read_last_line(int fd, off_t size, struct sc_buf *b)
{
	char chunk[4096];
	off_t end = size, pos;
	int partial = 0;

	sc_buf_reset(b);
	if (size == 0)
		return 0;
	if (pread(fd, chunk, 1, size - 1) != 1)
		return -1;
	if (chunk[0] == '\n')
		end = size - 1;
	else
		partial = 1;
	pos = end;
	/* scan backwards for the newline before the last line */
	while (pos > 0) {
		size_t n = pos > (off_t)sizeof(chunk) ? sizeof(chunk) : (size_t)pos;
		ssize_t got = pread(fd, chunk, n, pos - (off_t)n);
		size_t i;

		if (got != (ssize_t)n)
			return -1;
		for (i = n; i > 0; i--)
			if (chunk[i - 1] == '\n')
				break;
		if (i > 0) {
			pos = pos - (off_t)n + (off_t)i;
			break;
		}
		pos -= (off_t)n;
	}
	sc_buf_grow(b, (size_t)(end - pos) + 1);
	if (end > pos && pread(fd, b->data, (size_t)(end - pos), pos) != end - pos)
		return -1;
	b->len = (size_t)(end - pos);
	b->data[b->len] = '\0';
	return partial;
}

int
sc_journal_open(struct sc_journal *j, const char *path, struct sc_error *e)
{
	struct stat st;
	struct sc_buf last;
	int r;

	memset(j, 0, sizeof(*j));
	j->fd = -1;
	j->path = path;
	j->fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (j->fd < 0)
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot open journal: %s",
				    strerror(errno));
	if (flock(j->fd, LOCK_EX) < 0 || fstat(j->fd, &st) < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot lock journal: %s",
			     strerror(errno));
		close(j->fd);
		j->fd = -1;
		return -1;
	}
	sc_buf_init(&last);
	r = read_last_line(j->fd, st.st_size, &last);
	if (r < 0) {
		sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot read journal: %s",
			     strerror(errno));
		goto fail;
	}
	if (r == 1) {
		sc_error_set(e, SC_EX_DATAERR, path, 0, 0,
			     "journal ends with a partial entry (no newline); "
			     "check it with --verify-journal");
		goto fail;
	}
	if (last.len == 0) {
		memcpy(j->head, zero_hash, 65);
		j->seq = 0;
	} else {
		json_error_t je;
		json_t *o = json_loadb(last.data, last.len, 0, &je);
		json_t *seq = json_object_get(o, "seq");

		if (!json_is_integer(seq)) {
			json_decref(o);
			sc_error_set(e, SC_EX_DATAERR, path, 0, 0,
				     "last journal entry has no \"seq\"; check it with --verify-journal");
			goto fail;
		}
		j->seq = (long)json_integer_value(seq);
		json_decref(o);
		sc_sha256_hex(last.data, last.len, j->head);
	}
	sc_buf_release(&last);
	return 0;
fail:
	sc_buf_release(&last);
	close(j->fd);
	j->fd = -1;
	return -1;
}

int
sc_journal_append(struct sc_journal *j, const json_t *fields, int sync, struct sc_error *e)
{
	json_t *o = json_object();
	const char *k;
	json_t *v;
	struct sc_buf b;
	size_t off = 0;

	json_object_set_new(o, "seq", json_integer(j->seq + 1));
	json_object_set_new(o, "prev", json_string(j->head));
	json_object_foreach((json_t *)fields, k, v)
		if (strcmp(k, "seq") != 0 && strcmp(k, "prev") != 0)
			json_object_set(o, k, v);
	sc_buf_init(&b);
	sc_buf_add_json(&b, o);
	json_decref(o);
	sc_sha256_hex(b.data, b.len, j->head);
	sc_buf_addc(&b, '\n');
	while (off < b.len) {
		ssize_t w = write(j->fd, b.data + off, b.len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			sc_error_set(e, SC_EX_IOERR, j->path, 0, 0, "journal write error: %s",
				     strerror(w < 0 ? errno : ENOSPC));
			sc_buf_release(&b);
			return -1;
		}
		off += (size_t)w;
	}
	sc_buf_release(&b);
	if (sync && fsync(j->fd) < 0)
		return sc_error_set(e, SC_EX_IOERR, j->path, 0, 0, "journal fsync: %s",
				    strerror(errno));
	j->seq++;
	return 0;
}

int
sc_journal_close(struct sc_journal *j, struct sc_error *e)
{
	int rc = 0;

	if (j->fd >= 0) {
		if (close(j->fd) < 0)
			rc = sc_error_set(e, SC_EX_IOERR, j->path, 0, 0, "journal close: %s",
					  strerror(errno));
		j->fd = -1;
	}
	return rc;
}

int
sc_journal_verify(int fd, const char *name, const char *expect_head,
		  struct sc_journal_report *rep, struct sc_error *e)
{
	struct sc_reader r;
	const char *line;
	size_t len;
	char prev[65];
	int got, anchor = expect_head == NULL;

	memset(rep, 0, sizeof(*rep));
	memcpy(prev, zero_hash, 65);
	sc_reader_init(&r, fd, name, 64 * 1024 * 1024);
	while ((got = sc_reader_next(&r, &line, &len, e)) == 1) {
		json_error_t je;
		json_t *o, *seq;
		const char *p;

		if (r.too_long) {
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0, "entry too long");
			goto bad;
		}
		if (r.no_newline) {
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
				     "partial last entry (no newline at end)");
			goto bad;
		}
		o = json_loadb(line, len, 0, &je);
		if (!json_is_object(o)) {
			json_decref(o);
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0, "entry is not a JSON object");
			goto bad;
		}
		seq = json_object_get(o, "seq");
		p = sc_json_str(o, "prev");
		if (!json_is_integer(seq) || p == NULL) {
			json_decref(o);
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
				     "entry has no \"seq\" or \"prev\"");
			goto bad;
		}
		if (json_integer_value(seq) != rep->entries + 1) {
			sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
				     "sequence gap: seq %lld, want %ld (entries removed or inserted)",
				     (long long)json_integer_value(seq), rep->entries + 1);
			json_decref(o);
			goto bad;
		}
		if (strcmp(p, prev) != 0) {
			json_decref(o);
			if (r.lineno == 1)
				sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
					     "hash chain broken: first entry's prev is not zero "
					     "(entries removed from the start)");
			else
				sc_error_set(e, SC_EX_DATAERR, name, r.lineno, 0,
					     "hash chain broken: prev does not match line %ld "
					     "(that entry was edited)", r.lineno - 1);
			goto bad;
		}
		json_decref(o);
		sc_sha256_hex(line, len, prev);
		if (!anchor && strcmp(prev, expect_head) == 0)
			anchor = 1;
		rep->entries++;
	}
	if (got < 0)
		goto bad;
	memcpy(rep->head, prev, 65);
	sc_reader_release(&r);
	if (!anchor)
		return sc_error_set(e, SC_EX_DATAERR, name, 0, 0,
				    "no entry has the expected head hash %s "
				    "(entries removed from the end or the last entry edited)",
				    expect_head);
	return 0;
bad:
	sc_reader_release(&r);
	return -1;
}
