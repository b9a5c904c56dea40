/*
 * fuzz_webhook.c - sc-webhook's request handling (lib/webhook.c) fed from
 * bytes: the first byte picks the path (/x: X's Account Activity), the
 * method and whether the body gets a right signature; then one line of
 * header value (the signature, as sent), one line of query (k=v&k=v:
 * hub.*, challengeCode, crc_token) and the
 * body, copied into a heap buffer of exactly its length.  The signed half
 * reaches the JSON check, the replay set and the spool line, which must
 * be one line ending in '\n' that holds the body.
 */
#include "fuzz.h"
#include "webhook.h"

static const char *paths[] = {"/meta", "/instagram", "/linkedin", "/tiktok", "/facebook/", "/x", "", "/meta//"};
static const char *secrets[SC_WH_N] = {"meta-secret", "li-secret", "tt-secret", "x-secret"};

struct fctx {
	const char *hdr;
	const char *query;
	char sig[200];
};

/* the query as k=v pairs, looked up linearly (no decoding: the server's
   library decodes before the handler sees a value) */
static char qval[8][256];

static const char *
get(void *vctx, int kind, const char *name)
{
	struct fctx *c = vctx;
	const char *p;
	size_t n = strlen(name);
	int slot = 0;

	if (kind == 0) {
		if (c->sig[0]) {
			const char *colon = strchr(c->sig, ':');
			if (colon && (size_t)(colon - c->sig) == n && strncasecmp(c->sig, name, n) == 0)
				return colon + 2;
			return NULL;
		}
		return c->hdr;
	}
	for (p = c->query; p && *p; slot++) {
		const char *amp = strchr(p, '&');
		size_t len = amp ? (size_t)(amp - p) : strlen(p);
		if (len > n && p[n] == '=' && strncmp(p, name, n) == 0 && slot < 8) {
			size_t v = len - n - 1;
			if (v >= sizeof(qval[0]))
				v = sizeof(qval[0]) - 1;
			memcpy(qval[slot], p + n + 1, v);
			qval[slot][v] = '\0';
			return qval[slot];
		}
		p = amp ? amp + 1 : NULL;
	}
	return NULL;
}

static char *
take_line(const uint8_t **d, size_t *n)
{
	const uint8_t *nl = memchr(*d, '\n', *n);
	size_t len = nl ? (size_t)(nl - *d) : *n;
	char *s = malloc(len + 1);

	memcpy(s, *d, len);
	s[len] = '\0';
	*d += nl ? len + 1 : len;
	*n -= nl ? len + 1 : len;
	return s;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sc_wh_state st;
	struct sc_wh_cfg cfg;
	struct sc_wh_req q;
	struct sc_wh_resp r;
	struct fctx c;
	char *hdr, *query, *body;
	unsigned sel;
	int i;

	if (size < 1)
		return 0;
	sel = data[0];
	data++;
	size--;
	hdr = take_line(&data, &size);
	query = take_line(&data, &size);
	body = malloc(size ? size : 1);
	memcpy(body, data, size);
	sc_wh_cfg_init(&cfg);
	for (i = 0; i < SC_WH_N; i++)
		cfg.secret[i] = (sel & 0x40) && i == SC_WH_TIKTOK ? NULL : secrets[i];
	cfg.verify_token = (sel & 0x80) ? NULL : "verify";
	cfg.max_body = 4096;
	memset(&c, 0, sizeof(c));
	c.hdr = hdr;
	c.query = query;
	memset(&q, 0, sizeof(q));
	q.path = paths[sel & 7];
	q.method = (sel & 8) ? "GET" : (sel & 0x20) ? "PUT" : "POST";
	q.get = get;
	q.ctx = &c;
	q.body = body;
	q.len = size;
	q.now = 1800000000;
	if (sel & 0x10) {
		/* sign it right, so the rest of the path runs */
		struct sc_buf b;
		int w = (sel & 7) == 2 ? SC_WH_LINKEDIN : (sel & 7) == 3 ? SC_WH_TIKTOK :
			(sel & 7) == 5 ? SC_WH_X : SC_WH_META;
		sc_buf_init(&b);
		sc_wh_sign(w, secrets[w], body, size, q.now, &b);
		snprintf(c.sig, sizeof(c.sig), "%s", b.data);
		sc_buf_release(&b);
	}
	sc_wh_resp_init(&r);
	sc_wh_handle(&cfg, &st, &q, &r);
	if (r.status < 200 || r.status > 599)
		abort();
	if (r.spool) {
		if (r.status != 200 || r.line.len < size || r.line.data[r.line.len - 1] != '\n' ||
		    memchr(r.line.data, '\n', r.line.len - 1) != NULL)
			abort();
		sc_wh_seen_add(&st, r.digest);
	}
	sc_wh_resp_release(&r);
	free(hdr);
	free(query);
	free(body);
	return 0;
}
