/*
 * sc-webhook - receive the platforms' webhooks (Meta pages and Instagram,
 * LinkedIn, TikTok, X's Account Activity API), verify each signature with the app secret, and
 * append every accepted body to a spool file, fsynced before the 200, as
 * an envelope sc-normalize reads.  The HTTP server is libmicrohttpd (one
 * internal thread, so appends are serial); what a request means is
 * lib/webhook.c.  Also --sign: the signature header for a body, to try a
 * setup by hand.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "api.h"
#include "cli.h"
#include "webhook.h"

static const char usage[] =
	"usage: sc-webhook --spool FILE [--listen ADDR:PORT] [--port-file FILE]\n"
	"                  [--meta-secret SPEC] [--verify-token SPEC] [--linkedin-secret SPEC]\n"
	"                  [--tiktok-secret SPEC] [--x-secret SPEC] [--max-body SIZE]\n"
	"                  [--max-age DURATION] [-q]\n"
	"       sc-webhook --sign meta|linkedin|tiktok|x --meta-secret|--linkedin-secret|\n"
	"                  --tiktok-secret|--x-secret SPEC [FILE]\n";

struct conn {
	struct sc_buf body;
	int too_big;
};

struct server {
	struct sc_wh_cfg cfg;
	struct sc_wh_state st;
	const char *spool;
	int quiet;
	long served;
};

struct getctx {
	struct MHD_Connection *c;
};

static const char *
get(void *ctx, int kind, const char *name)
{
	struct getctx *g = ctx;

	return MHD_lookup_connection_value(g->c, kind == 0 ? MHD_HEADER_KIND : MHD_GET_ARGUMENT_KIND, name);
}

static void
log_line(const struct server *sv, const char *method, const char *url, int status, const char *note,
	 const char *platform, size_t len)
{
	char path[80];
	size_t i;

	if (sv->quiet && status < 400)
		return;
	/* the path only (no query: a verify token may be in it), escaped */
	for (i = 0; url && url[i] && url[i] != '?' && i < sizeof(path) - 1; i++)
		path[i] = (url[i] > 0x20 && url[i] < 0x7f) ? url[i] : '?';
	path[i] = '\0';
	if (platform)
		sc_warn("%s %s %d %s (%s, %zu bytes)", method, path, status, note, platform, len);
	else
		sc_warn("%s %s %d %s", method, path, status, note);
}

static enum MHD_Result
reply(struct MHD_Connection *c, int status, const char *ctype, const char *body, size_t len)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result rc;

	if (r == NULL)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", ctype);
	MHD_add_response_header(r, "Cache-Control", "no-store");
	rc = MHD_queue_response(c, (unsigned)status, r);
	MHD_destroy_response(r);
	return rc;
}

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
	   const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct server *sv = cls;
	struct conn *k = *con_cls;
	struct sc_wh_req q;
	struct sc_wh_resp r;
	struct getctx g;
	enum MHD_Result rc;

	(void)version;
	if (k == NULL) {
		k = sc_xcalloc(1, sizeof(*k));
		sc_buf_init(&k->body);
		*con_cls = k;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (!k->too_big && k->body.len + *upload_size <= (size_t)sv->cfg.max_body)
			sc_buf_add(&k->body, upload, *upload_size);
		else
			k->too_big = 1;	/* read on, keep nothing more */
		*upload_size = 0;
		return MHD_YES;
	}
	memset(&q, 0, sizeof(q));
	g.c = c;
	q.method = method;
	q.path = url;
	q.get = get;
	q.ctx = &g;
	q.body = k->body.data ? k->body.data : "";
	q.len = k->body.len;
	q.too_big = k->too_big;
	q.now = (int64_t)time(NULL);
	sc_wh_resp_init(&r);
	sc_wh_handle(&sv->cfg, &sv->st, &q, &r);
	if (r.spool) {
		struct sc_error e;

		sc_error_clear(&e);
		if (sc_wh_spool_append(sv->spool, r.line.data, r.line.len, &e) < 0) {
			/* nothing acknowledged that is not on disk: the sender retries */
			r.status = MHD_HTTP_SERVICE_UNAVAILABLE;
			snprintf(r.note, sizeof(r.note), "not spooled (%.120s): %.60s", e.source, e.text);
			sc_buf_reset(&r.body);
			sc_buf_adds(&r.body, "spool write failed; send again\n");
		} else {
			sc_wh_seen_add(&sv->st, r.digest);
			snprintf(r.note, sizeof(r.note), "spooled");
		}
	}
	sv->served++;
	log_line(sv, method, url, r.status, r.note, r.status == 200 && r.spool ? r.platform : NULL, q.len);
	rc = reply(c, r.status, r.ctype, r.body.data ? r.body.data : "", r.body.len);
	sc_wh_resp_release(&r);
	return rc;
}

static void
on_done(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode t)
{
	struct conn *k = *con_cls;

	(void)cls;
	(void)c;
	(void)t;
	if (k) {
		sc_buf_release(&k->body);
		free(k);
		*con_cls = NULL;
	}
}

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char msg[300];
	size_t n;

	(void)cls;
	vsnprintf(msg, sizeof(msg), fmt, ap);
	n = strlen(msg);
	while (n > 0 && msg[n - 1] == '\n')
		msg[--n] = '\0';
	sc_warn("libmicrohttpd: %s", msg);
}

/* "127.0.0.1:8080", "[::1]:8080", ":8080" (all IPv4 addresses). */
static void
parse_listen(const char *s, struct sockaddr_storage *ss, socklen_t *len)
{
	char host[64];
	const char *colon, *port;
	struct addrinfo hints, *res = NULL;
	long p;

	if (s[0] == '[') {
		const char *end = strchr(s, ']');
		if (end == NULL || end[1] != ':' || (size_t)(end - s - 1) >= sizeof(host))
			sc_usage_error("--listen: want ADDR:PORT, not '%s'", s);
		snprintf(host, sizeof(host), "%.*s", (int)(end - s - 1), s + 1);
		port = end + 2;
	} else {
		colon = strrchr(s, ':');
		if (colon == NULL || (size_t)(colon - s) >= sizeof(host))
			sc_usage_error("--listen: want ADDR:PORT, not '%s'", s);
		snprintf(host, sizeof(host), "%.*s", (int)(colon - s), s);
		if (host[0] == '\0')
			snprintf(host, sizeof(host), "0.0.0.0");
		port = colon + 1;
	}
	p = sc_opt_long("--listen (port)", port, 0, 65535);
	memset(&hints, 0, sizeof(hints));
	hints.ai_flags = AI_NUMERICHOST | AI_PASSIVE;
	hints.ai_socktype = SOCK_STREAM;
	if (getaddrinfo(host, NULL, &hints, &res) != 0 || res == NULL)
		sc_usage_error("--listen: '%s' is not a numeric IPv4 or IPv6 address", host);
	memcpy(ss, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	if (ss->ss_family == AF_INET)
		((struct sockaddr_in *)ss)->sin_port = htons((uint16_t)p);
	else
		((struct sockaddr_in6 *)ss)->sin6_port = htons((uint16_t)p);
}

static char *
secret_new(const char *opt, const char *spec)
{
	struct sc_error e;
	char *s;

	sc_error_clear(&e);
	s = sc_token_new(spec, NULL, &e);
	if (s == NULL) {
		if (e.source[0])
			sc_die(SC_EX_CONFIG, "%s: %s: %s", opt, e.source, e.text);
		sc_die(SC_EX_CONFIG, "%s: %s", opt, e.text);
	}
	return s;
}

/* --sign: the header a sender would put on the body in path (or stdin). */
static _Noreturn void
sign(int which, const char *secret, const char *path, long max)
{
	struct sc_buf b, h;
	char chunk[8192];
	ssize_t k;
	int fd = 0;

	static const char *const name[SC_WH_N] = {"meta", "linkedin", "tiktok", "x"};

	if (secret == NULL)
		sc_usage_error("--sign %s: give its secret (--%s-secret SPEC)", name[which], name[which]);
	if (path && strcmp(path, "-") != 0 && (fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		sc_die(SC_EX_NOINPUT, "%s: %s", path, strerror(errno));
	sc_buf_init(&b);
	sc_buf_init(&h);
	while ((k = read(fd, chunk, sizeof(chunk))) != 0) {
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			sc_die(SC_EX_IOERR, "%s: %s", path ? path : "stdin", strerror(errno));
		if ((long)(b.len + (size_t)k) > max)
			sc_die(SC_EX_DATAERR, "%s: the body is over --max-body (%ld bytes)", path ? path : "stdin", max);
		sc_buf_add(&b, chunk, (size_t)k);
	}
	sc_wh_sign(which, secret, b.data ? b.data : "", b.len, (int64_t)time(NULL), &h);
	printf("%s\n", h.data);
	sc_buf_release(&b);
	sc_buf_release(&h);
	sc_exit_flushed(0);
}

int
main(int argc, char **argv)
{
	enum { O_SPOOL = 256, O_LISTEN, O_PORTFILE, O_META, O_VERIFY, O_LINKEDIN, O_TIKTOK, O_X,
	       O_MAXBODY, O_MAXAGE, O_SIGN, O_VERSION };
	static const struct option longopts[] = {
		{"help", no_argument, NULL, 'h'},
		{"version", no_argument, NULL, O_VERSION},
		{"quiet", no_argument, NULL, 'q'},
		{"spool", required_argument, NULL, O_SPOOL},
		{"listen", required_argument, NULL, O_LISTEN},
		{"port-file", required_argument, NULL, O_PORTFILE},
		{"meta-secret", required_argument, NULL, O_META},
		{"verify-token", required_argument, NULL, O_VERIFY},
		{"linkedin-secret", required_argument, NULL, O_LINKEDIN},
		{"tiktok-secret", required_argument, NULL, O_TIKTOK},
		{"x-secret", required_argument, NULL, O_X},
		{"max-body", required_argument, NULL, O_MAXBODY},
		{"max-age", required_argument, NULL, O_MAXAGE},
		{"sign", required_argument, NULL, O_SIGN},
		{NULL, 0, NULL, 0}
	};
	static const char *const senders[] = {"meta", "linkedin", "tiktok", "x", NULL};
	static struct server sv;
	const char *spec[SC_WH_N] = {NULL, NULL, NULL, NULL}, *verify = NULL, *listen_at = "127.0.0.1:8080";
	const char *port_file = NULL;
	char *secret[SC_WH_N] = {NULL, NULL, NULL, NULL}, *vtok = NULL;
	struct sockaddr_storage ss;
	socklen_t sslen = 0;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	struct rlimit rl = {0, 0};
	sigset_t set;
	int c, i, which = -1, sig = 0;

	sc_cli_init(argv[0]);
	argv[0] = (char *)sc_prog;
	umask(077);
	setrlimit(RLIMIT_CORE, &rl);	/* a core would hold the secrets */
	sc_wh_cfg_init(&sv.cfg);
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'h':
			sc_print_usage(usage);
		case O_VERSION:
			sc_print_version();
		case 'q':
			sv.quiet = 1;
			break;
		case O_SPOOL:
			sv.spool = optarg;
			break;
		case O_LISTEN:
			listen_at = optarg;
			break;
		case O_PORTFILE:
			port_file = optarg;
			break;
		case O_META:
			spec[SC_WH_META] = optarg;
			break;
		case O_LINKEDIN:
			spec[SC_WH_LINKEDIN] = optarg;
			break;
		case O_TIKTOK:
			spec[SC_WH_TIKTOK] = optarg;
			break;
		case O_X:
			spec[SC_WH_X] = optarg;
			break;
		case O_VERIFY:
			verify = optarg;
			break;
		case O_MAXBODY:
			sv.cfg.max_body = (long)sc_opt_size("--max-body", optarg, 1024, 64UL << 20);
			break;
		case O_MAXAGE:
			sv.cfg.max_age = sc_opt_duration("--max-age", optarg, 1, 86400);
			break;
		case O_SIGN:
			which = sc_opt_choice("--sign", optarg, senders);
			break;
		default:
			sc_usage_error("bad option '%s' (unknown, or missing its argument)", argv[optind - 1]);
		}
	}
	if (which >= 0) {
		if (optind + 1 < argc)
			sc_usage_error("--sign reads one body (FILE or stdin)");
		if (spec[which])
			secret[which] = secret_new("secret", spec[which]);
		sign(which, secret[which], optind < argc ? argv[optind] : NULL, sv.cfg.max_body);
	}
	if (optind < argc)
		sc_usage_error("unexpected argument '%s'", argv[optind]);
	if (sv.spool == NULL)
		sc_usage_error("--spool FILE is required: accepted bodies are appended to it");
	if (spec[SC_WH_META] == NULL && spec[SC_WH_LINKEDIN] == NULL && spec[SC_WH_TIKTOK] == NULL &&
	    spec[SC_WH_X] == NULL)
		sc_usage_error("no webhook configured: give --meta-secret, --linkedin-secret, --tiktok-secret "
			       "or --x-secret");
	if (verify && spec[SC_WH_META] == NULL)
		sc_usage_error("--verify-token is Meta's: give --meta-secret too");
	parse_listen(listen_at, &ss, &sslen);
	for (i = 0; i < SC_WH_N; i++)
		if (spec[i]) {
			static const char *const opt[] = {"--meta-secret", "--linkedin-secret", "--tiktok-secret",
							  "--x-secret"};
			secret[i] = secret_new(opt[i], spec[i]);
			sv.cfg.secret[i] = secret[i];
		}
	if (verify)
		sv.cfg.verify_token = vtok = secret_new("--verify-token", verify);
	{
		/* the spool must be writable now, not at the first webhook */
		int fd = open(sv.spool, O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
		struct stat sb;
		if (fd < 0)
			sc_die(SC_EX_IOERR, "%s: cannot open spool: %s", sv.spool, strerror(errno));
		if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode))
			sc_die(SC_EX_IOERR, "%s: the spool must be a regular file", sv.spool);
		close(fd);
	}
	signal(SIGPIPE, SIG_IGN);
	signal(SIGXFSZ, SIG_IGN);	/* a file size limit is a failed write (503), not death */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &set, NULL);	/* the server's thread inherits it */
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG |
			     (ss.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0),
			     0, NULL, NULL, on_request, &sv,
			     MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
			     MHD_OPTION_NOTIFY_COMPLETED, on_done, NULL,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned)256,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(64 * 1024),
			     MHD_OPTION_END);
	if (d == NULL)
		sc_die(SC_EX_UNAVAILABLE, "cannot listen on %s: %s", listen_at,
		       errno ? strerror(errno) : "libmicrohttpd refused");
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	if (port_file) {
		char tmp[4096];
		FILE *f;
		snprintf(tmp, sizeof(tmp), "%s.tmp", port_file);
		f = fopen(tmp, "w");
		if (f == NULL || fprintf(f, "%u\n", info ? (unsigned)info->port : 0u) < 0 || fclose(f) != 0 ||
		    rename(tmp, port_file) < 0) {
			MHD_stop_daemon(d);
			sc_die(SC_EX_IOERR, "%s: cannot write the port: %s", port_file, strerror(errno));
		}
	}
	if (!sv.quiet)
		sc_warn("listening on %s (port %u), spooling to %s", listen_at,
			info ? (unsigned)info->port : 0u, sv.spool);
	while (sigwait(&set, &sig) != 0)
		;
	MHD_stop_daemon(d);	/* waits for the request being answered */
	if (!sv.quiet)
		sc_warn("stopped by signal %d after %ld requests", sig, sv.served);
	for (i = 0; i < SC_WH_N; i++)
		sc_token_free(secret[i]);
	sc_token_free(vtok);
	return 0;
}
