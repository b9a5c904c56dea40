/*
 * test_fetch.c - unit tests for sc-fetch's library: URL redaction and
 * stripping, the loopback rule, state files (round trip, fail closed,
 * atomic replace), tokens.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fetch.h"

static int
redacts(const char *in, const char *want)
{
	char *got = sc_url_redact_new(in);
	int ok = strcmp(got, want) == 0;

	if (!ok)
		printf("redact: %s\n   got  %s\n   want %s\n", in, got, want);
	free(got);
	return ok;
}

static int
strips(const char *in, const char *want)
{
	char *got = sc_url_strip_param_new(in, "access_token");
	int ok = strcmp(got, want) == 0;

	if (!ok)
		printf("strip: %s\n   got  %s\n   want %s\n", in, got, want);
	free(got);
	return ok;
}

static void
write_file(const char *path, const char *s, size_t n, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd >= 0) {
		if (write(fd, s, n) < 0)
			perror("write");
		close(fd);
	}
	chmod(path, (mode_t)mode);
}

int
main(void)
{
	char tmpl[] = "/tmp/test_fetch.XXXXXX";
	char *dir = mkdtemp(tmpl), *origin = NULL, *path, *tok;
	char why[200];
	struct sc_fetch_state st, st2;
	struct sc_error e;
	int fd;

	{
		/* one retry policy: sc-fetch's options start from sc_api_retry_defaults */
		struct sc_fetch_opts fo;
		int r = -1;
		long b = -1;
		int64_t w = -1, t = -1;
		memset(&fo, 0x5a, sizeof(fo));
		sc_fetch_opts_init(&fo);
		sc_api_retry_defaults(&r, &b, &w, &t);
		CHECK("fetch retry defaults are the api's", fo.retries == r && fo.backoff_ms == b &&
		      fo.max_wait == w && fo.timeout == t);
		CHECK("the documented retry policy", r == 4 && b == 1000 && w == 900 && t == 60);
		CHECK("fetch opts zeroed", fo.sources == NULL && fo.state_dir == NULL && fo.reset == 0 &&
		      fo.parallel == 8 && fo.per_host == 8 && fo.max_pages == 1000 && fo.now > 0);
	}
	/* redaction: names case-insensitive, percent-encoded, repeated, in fragments */
	CHECK("plain", redacts("https://g.example/v1/x?access_token=SECRET&limit=5",
			       "https://g.example/v1/x?access_token=REDACTED&limit=5"));
	CHECK("last param", redacts("https://g/x?a=1&access_token=SECRET", "https://g/x?a=1&access_token=REDACTED"));
	CHECK("upper case", redacts("https://g/x?ACCESS_TOKEN=SECRET", "https://g/x?ACCESS_TOKEN=REDACTED"));
	CHECK("mixed case", redacts("https://g/x?Access_Token=S", "https://g/x?Access_Token=REDACTED"));
	CHECK("encoded name", redacts("https://g/x?access%5Ftoken=S&b=2", "https://g/x?access%5Ftoken=REDACTED&b=2"));
	CHECK("encoded lower", redacts("https://g/x?access%5ftoken=S", "https://g/x?access%5ftoken=REDACTED"));
	CHECK("repeated", redacts("https://g/x?access_token=A&access_token=B",
				  "https://g/x?access_token=REDACTED&access_token=REDACTED"));
	CHECK("fragment", redacts("https://g/cb#access_token=S&x=1", "https://g/cb#access_token=REDACTED&x=1"));
	CHECK("appsecret_proof", redacts("https://g/x?appsecret_proof=abc", "https://g/x?appsecret_proof=REDACTED"));
	CHECK("client_secret", redacts("https://g/x?client_secret=abc", "https://g/x?client_secret=REDACTED"));
	CHECK("refresh_token", redacts("https://g/x?refresh_token=abc", "https://g/x?refresh_token=REDACTED"));
	CHECK("code", redacts("https://g/x?code=abc&state=1", "https://g/x?code=REDACTED&state=1"));
	CHECK("youtube key", redacts("https://g/x?key=AIza", "https://g/x?key=REDACTED"));
	CHECK("oauth_signature", redacts("https://g/x?oauth_signature=s", "https://g/x?oauth_signature=REDACTED"));
	CHECK("fb_exchange_token", redacts("https://g/x?fb_exchange_token=s", "https://g/x?fb_exchange_token=REDACTED"));
	CHECK("input_token", redacts("https://g/x?input_token=s", "https://g/x?input_token=REDACTED"));
	CHECK("semicolon", redacts("https://g/x?a=1;access_token=S", "https://g/x?a=1;access_token=REDACTED"));
	CHECK("not a prefix match", redacts("https://g/x?access_tokens=1&my_code=2", "https://g/x?access_tokens=1&my_code=2"));
	CHECK("no query", redacts("https://g/x/access_token", "https://g/x/access_token"));
	CHECK("empty value", redacts("https://g/x?access_token=&a=1", "https://g/x?access_token=REDACTED&a=1"));
	CHECK("graph next link", redacts(
		"https://graph.facebook.com/v21.0/1_2/comments?access_token=EAAB%2Bx&limit=25&after=QVFI",
		"https://graph.facebook.com/v21.0/1_2/comments?access_token=REDACTED&limit=25&after=QVFI"));

	/* strip access_token from a paging link */
	CHECK("strip middle", strips("http://h/x?a=1&access_token=S&after=C", "http://h/x?a=1&after=C"));
	CHECK("strip first", strips("http://h/x?access_token=S&after=C", "http://h/x?after=C"));
	CHECK("strip only", strips("http://h/x?access_token=S", "http://h/x"));
	CHECK("strip encoded", strips("http://h/x?access%5Ftoken=S&b=1", "http://h/x?b=1"));
	CHECK("strip none", strips("http://h/x?after=C", "http://h/x?after=C"));
	CHECK("strip keeps fragment", strips("http://h/x?access_token=S&a=1#f", "http://h/x?a=1#f"));

	/* the loopback rule */
	CHECK("https ok", sc_url_check_base("https://graph.facebook.com", &origin, why) == 0 &&
	      strcmp(origin, "https://graph.facebook.com") == 0);
	free(origin);
	CHECK("http loopback ok", sc_url_check_base("http://127.0.0.1:8080/prefix", &origin, why) == 0 &&
	      strcmp(origin, "http://127.0.0.1:8080") == 0);
	free(origin);
	CHECK("http localhost ok", sc_url_check_base("http://localhost:1", &origin, why) == 0);
	free(origin);
	CHECK("http [::1] ok", sc_url_check_base("http://[::1]:9/", &origin, why) == 0);
	free(origin);
	CHECK("http remote refused", sc_url_check_base("http://graph.facebook.com", &origin, why) < 0);
	CHECK("http 127.evil refused", sc_url_check_base("http://127.0.0.1.evil.com/", &origin, why) < 0);
	CHECK("http user@ refused", sc_url_check_base("http://127.0.0.1@evil.com/", &origin, why) < 0);
	CHECK("ftp refused", sc_url_check_base("ftp://127.0.0.1/", &origin, why) < 0);
	CHECK("query refused", sc_url_check_base("https://h/?access_token=x", &origin, why) < 0);
	CHECK("same origin", sc_url_same_origin("http://127.0.0.1:80/v/x?a", "http://127.0.0.1:80"));
	CHECK("other port", !sc_url_same_origin("http://127.0.0.1:8080/v", "http://127.0.0.1:80"));
	CHECK("other host", !sc_url_same_origin("https://evil.com/v", "https://graph.facebook.com"));
	CHECK("host prefix", !sc_url_same_origin("https://graph.facebook.com.evil.com/v", "https://graph.facebook.com"));

	/* state: absent, round trip, atomic, fail closed */
	sc_error_clear(&e);
	CHECK("absent state", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st, &e) == 0 && !st.present);
	memset(&st, 0, sizeof(st));
	st.watermark = 1795000000;
	memcpy(st.since_id, "1850000000000100110", 20);
	CHECK("save", sc_fetch_state_save(dir, "acme fb/1", "comments", &st, 1795000100, &e) == 0);
	path = sc_fetch_state_path_new(dir, "acme fb/1", "comments");
	CHECK("path escapes the profile name", strstr(path, "/fetch/acme%20fb%2F1/comments.json") != NULL);
	CHECK("load", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) == 1 &&
	      st2.present && st2.watermark == 1795000000 && strcmp(st2.since_id, "1850000000000100110") == 0);
	CHECK("another profile has its own file", sc_fetch_state_load(dir, "x", "comments", 1800000000, &st2, &e) == 0);
	CHECK("future watermark refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1790000000, &st2, &e) < 0 &&
	      e.status == SC_EX_CONFIG && strstr(e.text, "future") != NULL);
	write_file(path, "", 0, 0600);
	CHECK("empty refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0 &&
	      strstr(e.text, "empty") && strstr(e.text, "--reset"));
	write_file(path, "\0\0\0\0", 4, 0600);
	CHECK("NUL refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0);
	write_file(path, "{\"v\":1,\"profile\":\"acme fb/1\",\"sou", 33, 0600);
	CHECK("truncated refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0);
	write_file(path, "{\"v\":1,\"v\":1}", 13, 0600);
	CHECK("duplicate keys refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0);
	write_file(path, "[1]", 3, 0600);
	CHECK("array refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0);
	CHECK("file untouched", access(path, F_OK) == 0);
	{
		/* a checkpoint round trip, and checkpoints that are refused */
		const char *bad[] = {
			"{\"since\":1,\"post_since\":1,\"newest\":1,\"walks\":[{\"w\":\"gbp_reviews\",\"url\":\"http://evil/x\",\"first\":\"/a\"}]}",
			"{\"since\":1,\"post_since\":1,\"newest\":1,\"walks\":[]}",
			"{\"since\":-1,\"post_since\":1,\"newest\":1,\"walks\":[{\"w\":\"x\",\"url\":\"/a\",\"first\":\"/a\"}]}",
			"{\"since\":1,\"post_since\":1,\"newest\":1,\"walks\":[{\"w\":\"x\",\"url\":\"/a b\",\"first\":\"/a\"}]}",
			NULL
		};
		int k, refused = 0;
		memset(&st, 0, sizeof(st));
		st.resume = json_loads("{\"since\":1795000000,\"post_since\":1792400000,\"newest\":1795000500,"
				       "\"walks\":[{\"w\":\"gbp_reviews\",\"url\":\"/v4/a?pageToken=x\",\"first\":\"/v4/a\"}]}",
				       0, NULL);
		CHECK("save with a checkpoint", sc_fetch_state_save(dir, "acme fb/1", "comments", &st, 1795000100, &e) == 0);
		CHECK("load the checkpoint", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) == 1 &&
		      st2.watermark == 0 && json_equal(st.resume, st2.resume));
		sc_fetch_state_release(&st);
		sc_fetch_state_release(&st2);
		for (k = 0; bad[k]; k++) {
			char buf[600];
			int n = snprintf(buf, sizeof(buf), "{\"v\":1,\"profile\":\"acme fb/1\",\"source\":\"comments\","
					 "\"watermark\":null,\"resume\":%s}", bad[k]);
			write_file(path, buf, (size_t)n, 0600);
			refused += sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0 &&
				   strstr(e.text, "checkpoint") != NULL;
		}
		CHECK("bad checkpoints refused (another host, no walks, a negative time, a space)", refused == 4);
		memset(&st, 0, sizeof(st));
		st.watermark = 1795000000;
		st.future = json_pack("{s:I,s:I}", "c1", (json_int_t)1795090000, "c2", (json_int_t)1795100000);
		CHECK("future items round trip", sc_fetch_state_save(dir, "acme fb/1", "comments", &st, 1795000100, &e) == 0 &&
		      sc_fetch_state_load(dir, "acme fb/1", "comments", 1795000200, &st2, &e) == 1 &&
		      json_equal(st.future, st2.future));
		sc_fetch_state_release(&st);
		sc_fetch_state_release(&st2);
		{
			const char *bf = "{\"v\":1,\"profile\":\"acme fb/1\",\"source\":\"comments\","
					 "\"watermark\":null,\"future\":{\"c1\":\"soon\"}}";
			write_file(path, bf, strlen(bf), 0600);
			CHECK("a bad future list refused", sc_fetch_state_load(dir, "acme fb/1", "comments", 1800000000, &st2, &e) < 0 &&
			      strstr(e.text, "future items") != NULL);
		}
		{
			/* an older sc-fetch let a comment 3 h ahead move the watermark:
			   within a day, so not refused, but not trusted either */
			const char *pf = "{\"v\":1,\"profile\":\"acme fb/1\",\"source\":\"comments\","
					 "\"watermark\":\"2026-11-17T23:13:20Z\",\"saved_at\":\"2026-11-17T20:15:00Z\"}";
			const char *nf = "{\"v\":1,\"profile\":\"acme fb/1\",\"source\":\"comments\","
					 "\"watermark\":\"2026-11-17T23:13:20Z\"}";
			write_file(path, pf, strlen(pf), 0600);
			CHECK("a watermark later than saved_at pulled back to it",
			      sc_fetch_state_load(dir, "acme fb/1", "comments", 1794950000, &st2, &e) == 1 &&
			      st2.watermark == 1794946500 && st2.pulled_from == 1794957200);
			sc_fetch_state_release(&st2);
			CHECK("even when the clock has passed it",
			      sc_fetch_state_load(dir, "acme fb/1", "comments", 1795100000, &st2, &e) == 1 &&
			      st2.watermark == 1794946500 && st2.pulled_from == 1794957200);
			sc_fetch_state_release(&st2);
			write_file(path, nf, strlen(nf), 0600);
			CHECK("no saved_at: a future watermark pulled back to the clock",
			      sc_fetch_state_load(dir, "acme fb/1", "comments", 1794950000, &st2, &e) == 1 &&
			      st2.watermark == 1794950000 && st2.pulled_from == 1794957200);
			sc_fetch_state_release(&st2);
			CHECK("a saved state is trusted as it is",
			      sc_fetch_state_save(dir, "acme fb/1", "comments", &(struct sc_fetch_state){.watermark = 1794946000},
						  1794946500, &e) == 0 &&
			      sc_fetch_state_load(dir, "acme fb/1", "comments", 1794950000, &st2, &e) == 1 &&
			      st2.watermark == 1794946000 && st2.pulled_from == 0);
			sc_fetch_state_release(&st2);
		}
		CHECK("base URL with an API version refused",
		      sc_url_check_base("https://graph.facebook.com/v21.0", &origin, why) < 0 &&
		      strstr(why, "API version") != NULL &&
		      sc_url_check_base("http://127.0.0.1:9/x/2/", &origin, why) < 0 &&
		      sc_url_check_base("https://www.googleapis.com/youtube/v3", &origin, why) < 0);
		CHECK("a path prefix without a version is fine",
		      sc_url_check_base("http://127.0.0.1:9/graph/v2x", &origin, why) == 0);
		free(origin);
		origin = NULL;
	}
	CHECK("remove", sc_fetch_state_remove(dir, "acme fb/1", "comments", &e) == 0 && access(path, F_OK) < 0);
	CHECK("remove absent", sc_fetch_state_remove(dir, "acme fb/1", "comments", &e) == 0);
	free(path);

	/* the lock: a second taker is refused with 75 */
	fd = sc_fetch_lock(dir, &e);
	CHECK("lock", fd >= 0);
	{
		int fd2 = sc_fetch_lock(dir, &e);
		CHECK("second lock refused, 75", fd2 < 0 && e.status == SC_EX_TEMPFAIL);
	}
	close(fd);

	/* tokens */
	setenv("SC_UNIT_TOKEN", "tok-123\n", 1);
	tok = sc_token_new("SC_UNIT_TOKEN", NULL, &e);
	CHECK("token from env, newline dropped", tok && strcmp(tok, "tok-123") == 0);
	free(tok);
	tok = sc_token_new("env:SC_UNIT_TOKEN", NULL, &e);
	CHECK("env: prefix", tok && strcmp(tok, "tok-123") == 0);
	free(tok);
	CHECK("unset variable", sc_token_new("SC_UNIT_NOPE", NULL, &e) == NULL && e.status == SC_EX_CONFIG &&
	      strcmp(e.text, "token variable SC_UNIT_NOPE is not set") == 0);
	setenv("SC_UNIT_TOKEN", "a b", 1);
	CHECK("space refused", sc_token_new("SC_UNIT_TOKEN", NULL, &e) == NULL && strstr(e.text, "a b") == NULL);
	{
		char tf[300];
		snprintf(tf, sizeof(tf), "%s/tok", dir);
		write_file(tf, "file-token\n", 11, 0644);
		CHECK("0644 token file refused", sc_token_new(tf, NULL, &e) == NULL &&
		      strstr(e.text, "mode 0644") != NULL && strstr(e.text, "file-token") == NULL);
		chmod(tf, 0600);
		tok = sc_token_new(tf, NULL, &e);
		CHECK("0600 token file", tok && strcmp(tok, "file-token") == 0);
		free(tok);
		unlink(tf);
	}
	CHECK("platforms", sc_platform_parse("Twitter") == SC_PLAT_X && sc_platform_parse("gbp") == SC_PLAT_GOOGLE &&
	      sc_platform_parse("tiktok") == SC_PLAT_TIKTOK && sc_platform_parse("LinkedIn") == SC_PLAT_LINKEDIN &&
	      sc_platform_parse("threads") < 0);
	{
		/* --base-url as sc-fetch and sc-reply read it */
		const char *base[SC_PLAT_N] = {0}, *all = NULL;
		char hv[16];
		CHECK("base-url for all", sc_base_url_arg("http://127.0.0.1:8080", base, &all, why) == 0 &&
		      all != NULL && strcmp(all, "http://127.0.0.1:8080") == 0);
		CHECK("base-url per platform", sc_base_url_arg("x=http://[::1]:9/api", base, &all, why) == 0 &&
		      base[SC_PLAT_X] != NULL && strcmp(base[SC_PLAT_X], "http://[::1]:9/api") == 0);
		CHECK("base-url unknown platform", sc_base_url_arg("threads=https://a.example", base, &all, why) < 0 &&
		      strcmp(why, "unknown platform 'threads'") == 0);
		CHECK("base-url plain http off loopback", sc_base_url_arg("http://example.com", base, &all, why) < 0 &&
		      strstr(why, "loopback") != NULL);
		CHECK("a = after the scheme is not a platform",
		      sc_base_url_arg("https://h.example/p=1", base, &all, why) == 0 &&
		      strcmp(all, "https://h.example/p=1") == 0);
		sc_http_header_value(hv, sizeof(hv), " \t17 \r\n", 7);
		CHECK("header value trimmed", strcmp(hv, "17") == 0);
		sc_http_header_value(hv, sizeof(hv), " 0123456789abcdefghij\r\n", 23);
		CHECK("header value cut to fit", strcmp(hv, "0123456789abcde") == 0);
	}
	{
		/* one redaction for every text that may hold a token (api.c) */
		char t1[200] = "headers: Authorization: Bearer tok-CANARY-1; x: tok-CANARY-1 again";
		char t2[120] = "see https://h/x?a=1&access_token=abc123&b=2 and {\"access_token\":\"zz9\"}";
		char t3[24] = "Bearer 0123456789abcdef";
		char t4[64] = "no secret here";
		sc_api_redact(t1, sizeof(t1), "tok-CANARY-1");
		CHECK("redact: token and Bearer", strstr(t1, "CANARY") == NULL &&
		      strcmp(t1, "headers: Authorization: Bearer REDACTED; x: REDACTED again") == 0);
		sc_api_redact(t2, sizeof(t2), NULL);
		CHECK("redact: access_token in a URL and in JSON", strstr(t2, "abc123") == NULL &&
		      strstr(t2, "zz9") == NULL && strstr(t2, "&b=2") != NULL);
		sc_api_redact(t3, 17, NULL);
		CHECK("redact: no room to grow cuts at the secret", strstr(t3, "0123") == NULL);
		sc_api_redact(t4, sizeof(t4), "tok");
		CHECK("redact: short tokens and clean text untouched", strcmp(t4, "no secret here") == 0);
		CHECK("loopback http", sc_url_is_loopback_http("http://127.0.0.1:9/x") &&
		      sc_url_is_loopback_http("http://[::1]/") && sc_url_is_loopback_http("http://localhost:1") &&
		      !sc_url_is_loopback_http("http://127.0.0.1.evil/") &&
		      !sc_url_is_loopback_http("http://localhost@evil/") &&
		      !sc_url_is_loopback_http("https://127.0.0.1/"));
	}
	{
		char cmd[400];
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			printf("cleanup failed\n");
	}
	return DONE();
}
