/*
 * test_webhook.c - unit tests for lib/webhook.c and the HMAC of
 * lib/reply_sha256.c: RFC 4231 vectors, each sender's signature rule
 * (right, wrong, missing, in upper case, TikTok's fields in either order,
 * stale and future times, X's base64), the handshakes (X's CRC too), the body checks, replays and
 * the spool line.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "check.h"
#include "reply.h"
#include "webhook.h"

static void
hex(const unsigned char *d, size_t n, char *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void
test_hmac(void)
{
	unsigned char d[32], key[131];
	char h[65];
	struct sc_hmac_sha256 s;

	/* RFC 4231 test case 2 */
	sc_hmac_sha256("Jefe", 4, "what do ya want for nothing?", 28, d);
	hex(d, 32, h);
	CHECK("RFC 4231 case 2", strcmp(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843") == 0);
	/* case 6: a key longer than the block is hashed first */
	memset(key, 0xaa, sizeof(key));
	sc_hmac_sha256(key, sizeof(key), "Test Using Larger Than Block-Size Key - Hash Key First", 54, d);
	hex(d, 32, h);
	CHECK("RFC 4231 case 6", strcmp(h, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54") == 0);
	/* streaming equals at once */
	sc_hmac_sha256_init(&s, "Jefe", 4);
	sc_hmac_sha256_update(&s, "what do ya ", 11);
	sc_hmac_sha256_update(&s, "want for nothing?", 17);
	sc_hmac_sha256_final(&s, d);
	hex(d, 32, h);
	CHECK("HMAC in two updates", strcmp(h, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843") == 0);
}

/* a request with up to 4 headers and 4 query arguments */
struct kv {
	const char *k[8], *v[8];
	int kind[8];
	int n;
};

static const char *
get(void *ctx, int kind, const char *name)
{
	struct kv *kv = ctx;
	int i;

	for (i = 0; i < kv->n; i++)
		if (kv->kind[i] == kind && (kind ? strcmp(kv->k[i], name) == 0 : strcasecmp(kv->k[i], name) == 0))
			return kv->v[i];
	return NULL;
}

static int
run(struct sc_wh_cfg *cfg, struct sc_wh_state *st, const char *method, const char *path, struct kv *kv,
    const char *body, int64_t now, struct sc_wh_resp *r)
{
	struct sc_wh_req q;

	memset(&q, 0, sizeof(q));
	q.method = method;
	q.path = path;
	q.get = get;
	q.ctx = kv;
	q.body = body;
	q.len = strlen(body);
	q.now = now;
	sc_wh_resp_release(r);
	sc_wh_resp_init(r);
	sc_wh_handle(cfg, st, &q, r);
	return r->status;
}

static void
sig(struct kv *kv, int which, const char *secret, const char *body, int64_t t)
{
	static char hdr[4][300];
	static int slot;
	struct sc_buf b;
	char *colon;

	sc_buf_init(&b);
	sc_wh_sign(which, secret, body, strlen(body), t, &b);
	slot = (slot + 1) % 4;
	snprintf(hdr[slot], sizeof(hdr[slot]), "%s", b.data);
	sc_buf_release(&b);
	colon = strchr(hdr[slot], ':');
	*colon = '\0';
	kv->k[kv->n] = hdr[slot];
	kv->v[kv->n] = colon + 2;
	kv->kind[kv->n++] = 0;
}

static void
test_handle(void)
{
	static struct sc_wh_state st;
	struct sc_wh_cfg cfg;
	struct sc_wh_resp r;
	struct kv kv;
	const char *body = "{\"object\":\"page\",\"entry\":[]}";
	const char *ig = "{\"object\":\"instagram\",\"entry\":[{\"id\":\"1\"}]}";
	char up[300], tt[300];
	int64_t now = 1800000000;

	sc_wh_cfg_init(&cfg);
	cfg.secret[SC_WH_META] = "m";
	cfg.secret[SC_WH_LINKEDIN] = "l";
	cfg.verify_token = "vt";
	sc_wh_resp_init(&r);

	memset(&kv, 0, sizeof(kv));
	CHECK("unsigned Meta body: 401", run(&cfg, &st, "POST", "/meta", &kv, body, now, &r) == 401 && !r.spool);
	sig(&kv, SC_WH_META, "m", body, 0);
	CHECK("signed right: 200, spooled", run(&cfg, &st, "POST", "/meta", &kv, body, now, &r) == 200 && r.spool);
	CHECK("the line is the envelope around the body",
	      strcmp(r.line.data, "{\"sc\":\"raw\",\"platform\":\"facebook\",\"source\":\"webhook\","
			     "\"fetched_at\":\"2027-01-15T08:00:00Z\",\"item\":{\"object\":\"page\",\"entry\":[]}}\n") == 0);
	CHECK("not yet seen: a second send spools again", run(&cfg, &st, "POST", "/meta", &kv, body, now, &r) == 200 && r.spool);
	sc_wh_seen_add(&st, r.digest);
	CHECK("once spooled, a replay is 200 without a line", run(&cfg, &st, "POST", "/meta", &kv, body, now, &r) == 200 && !r.spool);
	snprintf(up, sizeof(up), "sha256=%s", kv.v[0] + 7);
	{
		char *p;
		for (p = up + 7; *p; p++)
			*p = (char)(*p >= 'a' && *p <= 'f' ? *p - 32 : *p);
	}
	kv.v[0] = up;
	CHECK("upper-case hex is the same signature", run(&cfg, &st, "POST", "/facebook/", &kv, "{\"object\":\"page\",\"entry\":[]}", now, &r) == 200);
	kv.n = 0;
	sig(&kv, SC_WH_META, "other", body, 0);
	CHECK("another secret: 403", run(&cfg, &st, "POST", "/meta", &kv, body, now, &r) == 403 && !r.spool);
	kv.n = 0;
	sig(&kv, SC_WH_META, "m", ig, 0);
	CHECK("an Instagram object is platform instagram",
	      run(&cfg, &st, "POST", "/instagram", &kv, ig, now, &r) == 200 && strcmp(r.platform, "instagram") == 0);
	kv.n = 0;
	sig(&kv, SC_WH_META, "m", "[1,2]", 0);
	CHECK("a signed array: 400", run(&cfg, &st, "POST", "/meta", &kv, "[1,2]", now, &r) == 400);
	kv.n = 0;
	sig(&kv, SC_WH_META, "m", "{\"a\":\n1}", 0);
	CHECK("line breaks in the body become spaces",
	      run(&cfg, &st, "POST", "/meta", &kv, "{\"a\":\n1}", now, &r) == 200 && strstr(r.line.data, "\"item\":{\"a\": 1}}\n"));
	CHECK("TikTok not configured: 404", run(&cfg, &st, "POST", "/tiktok", &kv, body, now, &r) == 404);
	CHECK("DELETE: 405", run(&cfg, &st, "DELETE", "/meta", &kv, body, now, &r) == 405);

	/* LinkedIn */
	kv.n = 0;
	sig(&kv, SC_WH_LINKEDIN, "l", body, 0);
	CHECK("LinkedIn: a signature over another body is 403", run(&cfg, &st, "POST", "/linkedin", &kv, "{\"object\":\"page\",\"entry\":[1]}", now, &r) == 403);
	CHECK("LinkedIn: the signature covers the body",
	      run(&cfg, &st, "POST", "/linkedin", &kv, body, now, &r) == 200 && strcmp(r.platform, "linkedin") == 0);

	/* TikTok: t within max_age, fields in either order */
	cfg.secret[SC_WH_TIKTOK] = "t";
	kv.n = 0;
	sig(&kv, SC_WH_TIKTOK, "t", body, now - 10);
	CHECK("TikTok: a signature over another body is 403", run(&cfg, &st, "POST", "/tiktok", &kv, "{\"e\":1}", now, &r) == 403);
	kv.n = 0;
	sig(&kv, SC_WH_TIKTOK, "t", "{\"e\":1}", now - 10);
	CHECK("TikTok fresh and right", run(&cfg, &st, "POST", "/tiktok", &kv, "{\"e\":1}", now, &r) == 200);
	{
		const char *s = strstr(kv.v[0], ",s=");
		snprintf(tt, sizeof(tt), "s=%s,t=%lld", s + 3, (long long)(now - 10));
		kv.v[0] = tt;
	}
	CHECK("TikTok s before t", run(&cfg, &st, "POST", "/tiktok", &kv, "{\"e\":1}", now, &r) == 200);
	kv.n = 0;
	sig(&kv, SC_WH_TIKTOK, "t", "{\"e\":1}", now - 301);
	CHECK("TikTok 301 s old: stale", run(&cfg, &st, "POST", "/tiktok", &kv, "{\"e\":1}", now, &r) == 403 &&
	      strstr(r.note, "stale"));
	kv.n = 0;
	sig(&kv, SC_WH_TIKTOK, "t", "{\"e\":1}", now + 301);
	CHECK("TikTok from the future: stale", run(&cfg, &st, "POST", "/tiktok", &kv, "{\"e\":1}", now, &r) == 403);
	kv.k[0] = "TikTok-Signature";
	kv.v[0] = "t=abc,s=00";
	CHECK("TikTok malformed t", run(&cfg, &st, "POST", "/tiktok", &kv, "{\"e\":1}", now, &r) == 403);

	/* handshakes */
	memset(&kv, 0, sizeof(kv));
	kv.k[0] = "hub.mode"; kv.v[0] = "subscribe"; kv.kind[0] = 1;
	kv.k[1] = "hub.challenge"; kv.v[1] = "123abc"; kv.kind[1] = 1;
	kv.k[2] = "hub.verify_token"; kv.v[2] = "vt"; kv.kind[2] = 1;
	kv.n = 3;
	CHECK("Meta handshake", run(&cfg, &st, "GET", "/meta", &kv, "", now, &r) == 200 && strcmp(r.body.data, "123abc") == 0);
	kv.v[2] = "vt2";
	CHECK("a longer verify token is not a match", run(&cfg, &st, "GET", "/meta", &kv, "", now, &r) == 403);
	kv.v[2] = "v";
	CHECK("nor a shorter one", run(&cfg, &st, "GET", "/meta", &kv, "", now, &r) == 403);
	kv.v[2] = "vt";
	kv.v[1] = "a b";
	CHECK("a challenge with a space is not echoed", run(&cfg, &st, "GET", "/meta", &kv, "", now, &r) == 400);
	memset(&kv, 0, sizeof(kv));
	kv.k[0] = "challengeCode"; kv.v[0] = "c0de"; kv.kind[0] = 1; kv.n = 1;
	{
		unsigned char d[32];
		char h[65], want[200];
		sc_hmac_sha256("l", 1, "c0de", 4, d);
		hex(d, 32, h);
		snprintf(want, sizeof(want), "{\"challengeCode\":\"c0de\",\"challengeResponse\":\"%s\"}", h);
		CHECK("LinkedIn challenge", run(&cfg, &st, "GET", "/linkedin", &kv, "", now, &r) == 200 &&
		      strcmp(r.body.data, want) == 0);
	}
	/* X: CRC and X-Twitter-Webhooks-Signature, base64; values from
	   Python's hmac and base64 modules */
	cfg.secret[SC_WH_X] = "consumer-secret";
	memset(&kv, 0, sizeof(kv));
	kv.k[0] = "crc_token"; kv.v[0] = "9b4507b3-8d3f-4e7c"; kv.kind[0] = 1; kv.n = 1;
	CHECK("X CRC: response_token is sha256= base64 HMAC of crc_token",
	      run(&cfg, &st, "GET", "/x", &kv, "", now, &r) == 200 &&
	      strcmp(r.body.data, "{\"response_token\":\"sha256=+otj21QXhbkXG7GLe/h1gXHvBFazChU7gYXXfS2PnJk=\"}") == 0 &&
	      strcmp(r.ctype, "application/json") == 0);
	kv.n = 0;
	CHECK("X GET without crc_token: 400", run(&cfg, &st, "GET", "/twitter", &kv, "", now, &r) == 400);
	{
		const char *aa = "{\"for_user_id\":\"2244994945\",\"tweet_create_events\":[]}";
		kv.k[0] = "X-Twitter-Webhooks-Signature";
		kv.v[0] = "sha256=8ZKMZJQlQBLCsGiw/q1yrNQyXpR6DZy3vh/q8ZeFj7M=";
		kv.kind[0] = 0;
		kv.n = 1;
		CHECK("X body signed right: 200, platform x", run(&cfg, &st, "POST", "/x", &kv, aa, now, &r) == 200 &&
		      r.spool && strcmp(r.platform, "x") == 0);
		CHECK("X: a signature over another body is 403",
		      run(&cfg, &st, "POST", "/x", &kv, "{\"for_user_id\":\"1\"}", now, &r) == 403 && !r.spool);
		kv.v[0] = "sha256=8ZKMZJQlQBLCsGiw/q1yrNQyXpR6DZy3vh/q8ZeFj7M";
		CHECK("X: the signature without its padding is 403", run(&cfg, &st, "POST", "/x", &kv, aa, now, &r) == 403);
		kv.n = 0;
		CHECK("X unsigned: 401", run(&cfg, &st, "POST", "/x", &kv, aa, now, &r) == 401);
		sig(&kv, SC_WH_X, "consumer-secret", aa, 0);
		CHECK("sc_wh_sign for X gives the header X checks",
		      strcmp(kv.v[0], "sha256=8ZKMZJQlQBLCsGiw/q1yrNQyXpR6DZy3vh/q8ZeFj7M=") == 0 &&
		      run(&cfg, &st, "POST", "/x", &kv, aa, now, &r) == 200);
	}
	cfg.max_body = 10;
	kv.n = 0;
	sig(&kv, SC_WH_META, "m", body, 0);
	CHECK("over max_body: 413 before anything else", run(&cfg, &st, "POST", "/meta", &kv, body, now, &r) == 413);
	sc_wh_resp_release(&r);
}

int
main(void)
{
	test_hmac();
	test_handle();
	return DONE();
}
