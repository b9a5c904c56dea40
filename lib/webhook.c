/*
 * webhook.c - what one webhook request means, for sc-webhook(1).
 *
 * The platforms push changes as signed POSTs; sc-webhook answers them in
 * seconds so a message waits for no cron run.  The rule is at-least-once
 * with nothing acknowledged that is not on disk:
 *
 *   1. the body is read whole, up to a cap (413 past it);
 *   2. its signature is checked over the raw bytes with the app secret,
 *      in constant time: Meta X-Hub-Signature-256 "sha256=" hex
 *      HMAC-SHA256(body); LinkedIn X-LI-Signature hex HMAC-SHA256 of
 *      "hmacsha256=" + body; TikTok TikTok-Signature "t=T,s=hex" over
 *      "T." + body, T within max_age of now (a stale or replayed old
 *      signature is refused); X X-Twitter-Webhooks-Signature "sha256="
 *      base64 HMAC-SHA256(body) with the consumer secret.  Unsigned: 401;
 *      wrong: 403; nothing spooled;
 *   3. the body must be one JSON object (400 otherwise);
 *   4. it becomes one spool line, an sc-fetch envelope
 *        {"sc":"raw","platform":P,"source":"webhook","fetched_at":T,"item":BODY}
 *      with BODY's own bytes (line breaks, which JSON allows only as
 *      whitespace, become spaces), so sc-normalize reads the spool as it
 *      reads sc-fetch's (Meta page and Instagram webhooks, LinkedIn
 *      notifications);
 *   5. the caller appends the line with sc_wh_spool_append (write, fsync)
 *      and only then answers 200; a failed append answers 503 so the
 *      platform sends it again.
 *
 * A body spooled before by this process (same SHA-256) is a replay: 200,
 * no second line.  Platforms redeliver anyway (LinkedIn every 5 minutes
 * for 8 hours), and sc-normalize drops what is left over by id.  The
 * handshakes: Meta GET hub.mode=subscribe with hub.verify_token (compared
 * in constant time) answers hub.challenge; LinkedIn GET challengeCode
 * answers its HMAC; X's CRC, GET crc_token, answers
 * {"response_token":"sha256=" base64(HMAC-SHA256(consumer secret,
 * crc_token))}, on registration and then about hourly.  Nothing here prints a secret, a signature or a body:
 * r->note says what happened in words.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "webhook.h"
#include "reply.h"

void
sc_wh_cfg_init(struct sc_wh_cfg *c)
{
	memset(c, 0, sizeof(*c));
	c->max_body = SC_WH_MAX_BODY;
	c->max_age = SC_WH_MAX_AGE;
}

void
sc_wh_resp_init(struct sc_wh_resp *r)
{
	memset(r, 0, sizeof(*r));
	sc_buf_init(&r->body);
	sc_buf_init(&r->line);
	r->ctype = "text/plain; charset=utf-8";
}

void
sc_wh_resp_release(struct sc_wh_resp *r)
{
	sc_buf_release(&r->body);
	sc_buf_release(&r->line);
}

static void
answer(struct sc_wh_resp *r, int status, const char *note)
{
	r->status = status;
	snprintf(r->note, sizeof(r->note), "%s", note);
	sc_buf_reset(&r->body);
	if (status != 200)
		sc_buf_printf(&r->body, "%s\n", note);
}

static void
hex32(const unsigned char d[32], char out[65])
{
	static const char hex[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		out[2 * i] = hex[d[i] >> 4];
		out[2 * i + 1] = hex[d[i] & 15];
	}
	out[64] = '\0';
}

/* Constant time over the expected length: are the 64 hex digits at got
   (any case, exactly 64 of them) equal to want? */
static int
hex_equal(const char *got, size_t n, const char want[65])
{
	unsigned diff = 0;
	size_t i;

	if (n != 64)
		return 0;
	for (i = 0; i < 64; i++)
		diff |= (unsigned)(tolower((unsigned char)got[i]) ^ want[i]);
	return diff == 0;
}

/* Constant time in the longer length: a == b? */
static int
str_equal(const char *a, const char *b)
{
	size_t na = strlen(a), nb = strlen(b), n = na > nb ? na : nb, i;
	unsigned diff = (unsigned)(na ^ nb);

	for (i = 0; i < n; i++)
		diff |= (unsigned)((i < na ? (unsigned char)a[i] : 0) ^ (i < nb ? (unsigned char)b[i] : 0));
	return diff == 0;
}

static void
mac_hex(const char *secret, const char *pre, size_t npre, const char *body, size_t len, char out[65])
{
	struct sc_hmac_sha256 h;
	unsigned char d[32];

	sc_hmac_sha256_init(&h, secret, strlen(secret));
	if (npre)
		sc_hmac_sha256_update(&h, pre, npre);
	sc_hmac_sha256_update(&h, body, len);
	sc_hmac_sha256_final(&h, d);
	hex32(d, out);
	explicit_bzero(d, sizeof(d));
}

/* Standard base64 (RFC 4648, padded) of the 32-byte d: 44 characters. */
static void
b64_32(const unsigned char d[32], char out[45])
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;

	for (i = 0; i + 2 < 32; i += 3) {
		unsigned v = (unsigned)d[i] << 16 | (unsigned)d[i + 1] << 8 | d[i + 2];
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = tab[v & 63];
	}
	{	/* 30 bytes done, 2 left */
		unsigned v = (unsigned)d[30] << 16 | (unsigned)d[31] << 8;
		out[o++] = tab[v >> 18 & 63];
		out[o++] = tab[v >> 12 & 63];
		out[o++] = tab[v >> 6 & 63];
		out[o++] = '=';
	}
	out[o] = '\0';
}

/* X: base64 HMAC-SHA256 of msg keyed with the consumer secret. */
static void
mac_b64(const char *secret, const char *msg, size_t len, char out[45])
{
	unsigned char d[32];

	sc_hmac_sha256(secret, strlen(secret), msg, len, d);
	b64_32(d, out);
	explicit_bzero(d, sizeof(d));
}

/* Constant time over the expected 44 characters: got (n bytes) == want? */
static int
b64_equal(const char *got, size_t n, const char want[45])
{
	unsigned diff = 0;
	size_t i;

	if (n != 44)
		return 0;
	for (i = 0; i < 44; i++)
		diff |= (unsigned)((unsigned char)got[i] ^ (unsigned char)want[i]);
	return diff == 0;
}

static int
which_path(const char *path)
{
	char p[32];
	size_t n;

	if (path == NULL || strlen(path) >= sizeof(p))
		return -1;
	snprintf(p, sizeof(p), "%s", path);
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	if (strcmp(p, "/meta") == 0 || strcmp(p, "/facebook") == 0 || strcmp(p, "/instagram") == 0)
		return SC_WH_META;
	if (strcmp(p, "/linkedin") == 0)
		return SC_WH_LINKEDIN;
	if (strcmp(p, "/tiktok") == 0)
		return SC_WH_TIKTOK;
	if (strcmp(p, "/x") == 0 || strcmp(p, "/twitter") == 0)
		return SC_WH_X;
	return -1;
}

/* A handshake value that may be echoed: 1 to 200 printable ASCII bytes. */
static int
echo_ok(const char *s)
{
	size_t n = s ? strlen(s) : 0, i;

	if (n == 0 || n > 200)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x21 || (unsigned char)s[i] > 0x7e)
			return 0;
	return 1;
}

static void
handshake(const struct sc_wh_cfg *cfg, int w, const struct sc_wh_req *q, struct sc_wh_resp *r)
{
	const char *secret = cfg->secret[w];

	if (w == SC_WH_META) {
		const char *mode = q->get(q->ctx, 1, "hub.mode");
		const char *tok = q->get(q->ctx, 1, "hub.verify_token");
		const char *ch = q->get(q->ctx, 1, "hub.challenge");

		if (mode == NULL || strcmp(mode, "subscribe") != 0 || !echo_ok(ch)) {
			answer(r, 400, "not a subscription handshake (hub.mode, hub.challenge)");
			return;
		}
		if (cfg->verify_token == NULL || tok == NULL || !str_equal(tok, cfg->verify_token)) {
			answer(r, 403, "hub.verify_token does not match");
			return;
		}
		answer(r, 200, "subscription verified");
		sc_buf_adds(&r->body, ch);
		return;
	}
	if (w == SC_WH_LINKEDIN) {
		const char *code = q->get(q->ctx, 1, "challengeCode");
		char mac[65];
		json_t *j;

		if (!echo_ok(code)) {
			answer(r, 400, "not a validation request (challengeCode)");
			return;
		}
		mac_hex(secret, NULL, 0, code, strlen(code), mac);
		j = json_pack("{s:s,s:s}", "challengeCode", code, "challengeResponse", mac);
		answer(r, 200, "validation answered");
		sc_buf_add_json(&r->body, j);
		json_decref(j);
		r->ctype = "application/json";
		return;
	}
	if (w == SC_WH_X) {
		const char *tok = q->get(q->ctx, 1, "crc_token");
		char mac[45], rt[60];
		json_t *j;

		if (!echo_ok(tok)) {
			answer(r, 400, "not a CRC check (crc_token)");
			return;
		}
		mac_b64(secret, tok, strlen(tok), mac);
		snprintf(rt, sizeof(rt), "sha256=%s", mac);
		j = json_pack("{s:s}", "response_token", rt);
		answer(r, 200, "CRC answered");
		sc_buf_add_json(&r->body, j);
		json_decref(j);
		r->ctype = "application/json";
		return;
	}
	answer(r, 405, "TikTok sends no GET");
}

/* TikTok-Signature "t=123,s=abc" (either order): t and s, or -1. */
static int
tiktok_sig(const char *v, int64_t *t, const char **s, size_t *ns)
{
	const char *p = v;
	int got = 0;

	*s = NULL;
	while (p && *p) {
		const char *end = strchr(p, ',');
		size_t n = end ? (size_t)(end - p) : strlen(p);

		while (n > 0 && *p == ' ') {
			p++;
			n--;
		}
		if (n > 2 && strncmp(p, "t=", 2) == 0) {
			char num[24];
			long long x;
			char *e;
			if (n - 2 >= sizeof(num))
				return -1;
			memcpy(num, p + 2, n - 2);
			num[n - 2] = '\0';
			errno = 0;
			x = strtoll(num, &e, 10);
			if (errno || *e || e == num || x < 0)
				return -1;
			*t = x;
			got |= 1;
		} else if (n > 2 && strncmp(p, "s=", 2) == 0) {
			*s = p + 2;
			*ns = n - 2;
			got |= 2;
		}
		p = end ? end + 1 : NULL;
	}
	return got == 3 ? 0 : -1;
}

/* 0 when the body is signed right; else the refusal is answered. */
static int
check_signature(const struct sc_wh_cfg *cfg, int w, const struct sc_wh_req *q, struct sc_wh_resp *r)
{
	const char *secret = cfg->secret[w];
	char mac[65];
	const char *v;

	if (w == SC_WH_META) {
		v = q->get(q->ctx, 0, "X-Hub-Signature-256");
		if (v == NULL) {
			answer(r, 401, "unsigned: no X-Hub-Signature-256");
			return -1;
		}
		if (strncasecmp(v, "sha256=", 7) != 0) {
			answer(r, 403, "X-Hub-Signature-256 is not sha256=HEX");
			return -1;
		}
		mac_hex(secret, NULL, 0, q->body, q->len, mac);
		if (!hex_equal(v + 7, strlen(v + 7), mac)) {
			answer(r, 403, "bad X-Hub-Signature-256");
			return -1;
		}
		return 0;
	}
	if (w == SC_WH_LINKEDIN) {
		v = q->get(q->ctx, 0, "X-LI-Signature");
		if (v == NULL) {
			answer(r, 401, "unsigned: no X-LI-Signature");
			return -1;
		}
		if (strncasecmp(v, "hmacsha256=", 11) == 0)
			v += 11;
		mac_hex(secret, "hmacsha256=", 11, q->body, q->len, mac);
		if (!hex_equal(v, strlen(v), mac)) {
			answer(r, 403, "bad X-LI-Signature");
			return -1;
		}
		return 0;
	}
	if (w == SC_WH_X) {
		char b64[45];

		v = q->get(q->ctx, 0, "X-Twitter-Webhooks-Signature");
		if (v == NULL) {
			answer(r, 401, "unsigned: no X-Twitter-Webhooks-Signature");
			return -1;
		}
		if (strncasecmp(v, "sha256=", 7) != 0) {
			answer(r, 403, "X-Twitter-Webhooks-Signature is not sha256=BASE64");
			return -1;
		}
		mac_b64(secret, q->body, q->len, b64);
		if (!b64_equal(v + 7, strlen(v + 7), b64)) {
			answer(r, 403, "bad X-Twitter-Webhooks-Signature");
			return -1;
		}
		return 0;
	}
	{
		int64_t t = 0;
		const char *s;
		size_t ns = 0;
		char pre[32];
		int np;

		v = q->get(q->ctx, 0, "TikTok-Signature");
		if (v == NULL) {
			answer(r, 401, "unsigned: no TikTok-Signature");
			return -1;
		}
		if (tiktok_sig(v, &t, &s, &ns) < 0) {
			answer(r, 403, "TikTok-Signature is not t=TIME,s=HEX");
			return -1;
		}
		if (t > q->now + cfg->max_age || q->now - t > cfg->max_age) {
			answer(r, 403, "stale TikTok-Signature (t outside --max-age)");
			return -1;
		}
		np = snprintf(pre, sizeof(pre), "%lld.", (long long)t);
		mac_hex(secret, pre, (size_t)np, q->body, q->len, mac);
		if (!hex_equal(s, ns, mac)) {
			answer(r, 403, "bad TikTok-Signature");
			return -1;
		}
		return 0;
	}
}

static int
seen(const struct sc_wh_state *st, const unsigned char d[32])
{
	size_t i;

	for (i = 0; st && i < st->nseen; i++)
		if (memcmp(st->seen[i], d, 32) == 0)
			return 1;
	return 0;
}

void
sc_wh_seen_add(struct sc_wh_state *st, const unsigned char digest[32])
{
	memcpy(st->seen[st->next], digest, 32);
	st->next = (st->next + 1) % SC_WH_SEEN;
	if (st->nseen < SC_WH_SEEN)
		st->nseen++;
}

void
sc_wh_handle(const struct sc_wh_cfg *cfg, const struct sc_wh_state *st,
	     const struct sc_wh_req *q, struct sc_wh_resp *r)
{
	int w = which_path(q->path);
	json_t *doc;
	json_error_t je;
	struct sc_sha256 c;
	char at[32];
	size_t i;

	r->spool = 0;
	if (w < 0 || cfg->secret[w] == NULL) {
		answer(r, 404, w < 0 ? "no such webhook path" : "this webhook is not configured (no secret)");
		return;
	}
	if (q->method && strcmp(q->method, "GET") == 0) {
		handshake(cfg, w, q, r);
		return;
	}
	if (q->method == NULL || strcmp(q->method, "POST") != 0) {
		answer(r, 405, "only GET (handshakes) and POST");
		return;
	}
	if (q->too_big || (long)q->len > cfg->max_body) {
		answer(r, 413, "body over --max-body");
		return;
	}
	if (check_signature(cfg, w, q, r) < 0)
		return;
	doc = json_loadb(q->body, q->len, 0, &je);
	if (!json_is_object(doc)) {
		json_decref(doc);
		answer(r, 400, "signed, but the body is not a JSON object");
		return;
	}
	if (w == SC_WH_META)
		r->platform = sc_json_str(doc, "object") && strcmp(sc_json_str(doc, "object"), "instagram") == 0
				      ? "instagram" : "facebook";
	else
		r->platform = w == SC_WH_LINKEDIN ? "linkedin" : w == SC_WH_X ? "x" : "tiktok";
	json_decref(doc);
	sc_sha256_init(&c);
	sc_sha256_update(&c, q->body, q->len);
	sc_sha256_final(&c, r->digest);
	if (seen(st, r->digest)) {
		answer(r, 200, "replay of a body already spooled; not spooled again");
		return;
	}
	sc_time_format(q->now, at);
	sc_buf_reset(&r->line);
	sc_buf_printf(&r->line, "{\"sc\":\"raw\",\"platform\":\"%s\",\"source\":\"webhook\","
		      "\"fetched_at\":\"%s\",\"item\":", r->platform, at);
	for (i = 0; i < q->len; i++) {
		char ch = q->body[i];
		sc_buf_addc(&r->line, ch == '\n' || ch == '\r' ? ' ' : ch);
	}
	sc_buf_adds(&r->line, "}\n");
	r->spool = 1;
	answer(r, 200, "accepted");
}

void
sc_wh_sign(int which, const char *secret, const char *body, size_t len, int64_t t,
	   struct sc_buf *out)
{
	char mac[65], pre[32];
	int np;

	switch (which) {
	case SC_WH_META:
		mac_hex(secret, NULL, 0, body, len, mac);
		sc_buf_printf(out, "X-Hub-Signature-256: sha256=%s", mac);
		break;
	case SC_WH_LINKEDIN:
		mac_hex(secret, "hmacsha256=", 11, body, len, mac);
		sc_buf_printf(out, "X-LI-Signature: %s", mac);
		break;
	case SC_WH_X:
		mac_b64(secret, body, len, mac);
		sc_buf_printf(out, "X-Twitter-Webhooks-Signature: sha256=%s", mac);
		break;
	default:
		np = snprintf(pre, sizeof(pre), "%lld.", (long long)t);
		mac_hex(secret, pre, (size_t)np, body, len, mac);
		sc_buf_printf(out, "TikTok-Signature: t=%lld,s=%s", (long long)t, mac);
	}
}

/* fsync the directory holding path (a new file's name is durable then). */
static int
sync_dir(const char *path)
{
	char *copy = sc_xstrdup(path), *dir = dirname(copy);
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;

	if (fd < 0 || fsync(fd) < 0)
		rc = -1;
	if (fd >= 0)
		close(fd);
	free(copy);
	return rc;
}

int
sc_wh_spool_append(const char *path, const char *line, size_t len, struct sc_error *e)
{
	struct stat fs, ps;
	int fd = -1, created = 0, tries;
	off_t start;
	size_t done = 0;

	for (tries = 0; tries < 5; tries++) {
		fd = open(path, O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC);
		if (fd < 0 && errno == ENOENT) {
			fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
			created = fd >= 0;
			if (fd < 0 && errno == EEXIST)
				continue;
		}
		if (fd < 0)
			return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot open spool: %s",
					    strerror(errno));
		if (fstat(fd, &fs) < 0 || !S_ISREG(fs.st_mode)) {
			close(fd);
			return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "the spool must be a regular file");
		}
		if (flock(fd, LOCK_EX) < 0) {
			int err = errno;
			close(fd);
			return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot lock spool: %s", strerror(err));
		}
		/* a consumer may have renamed the file while we waited */
		if (stat(path, &ps) == 0 && ps.st_ino == fs.st_ino && ps.st_dev == fs.st_dev)
			break;
		close(fd);
		fd = -1;
		created = 0;
	}
	if (fd < 0)
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "the spool keeps being renamed");
	if (fstat(fd, &fs) < 0) {
		close(fd);
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot stat spool: %s", strerror(errno));
	}
	start = fs.st_size;
	while (done < len) {
		ssize_t k = write(fd, line + done, len - done);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	if (done < len || fsync(fd) < 0 || (created && sync_dir(path) < 0)) {
		int err = done < len && errno == 0 ? ENOSPC : errno;
		/* no half line is left for the next writer or reader */
		if (ftruncate(fd, start) == 0)
			(void)fsync(fd);
		close(fd);
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot write spool: %s", strerror(err));
	}
	if (close(fd) < 0)
		return sc_error_set(e, SC_EX_IOERR, path, 0, 0, "cannot close spool: %s", strerror(errno));
	return 0;
}
