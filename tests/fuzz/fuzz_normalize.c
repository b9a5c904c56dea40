/*
 * fuzz_normalize.c - sc-normalize's whole path, sc_norm_fd over the input
 * as a file, for one --from format picked at start-up by SC_FUZZ_FORMAT
 * (auto, envelope, facebook, facebook-webhook, instagram,
 * instagram-webhook, x, twitter, youtube, tiktok, linkedin, google, csv,
 * twcs), so CI gives each platform mapper its own run.  Records are
 * written through the real writer to /dev/null, rejects are counted.
 */
#include "fuzz.h"
#include "normalize.h"

static int fmt = SC_FMT_AUTO;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *f = getenv("SC_FUZZ_FORMAT");

	(void)argc;
	(void)argv;
	if (f && *f && strcmp(f, "auto") != 0 && (fmt = sc_norm_fmt_parse(f)) < 0) {
		fprintf(stderr, "fuzz_normalize: unknown SC_FUZZ_FORMAT '%s'\n", f);
		abort();
	}
	return 0;
}

static int
on_reject(void *ctx, const char *file, long line, const char *raw, size_t len,
	  const char *reason)
{
	(void)file;
	(void)line;
	(void)raw;
	(void)len;
	(void)reason;
	++*(long *)ctx;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *brands[] = {"1234", "acme"};
	struct sc_norm_opts o;
	struct sc_norm n;
	struct sc_out out;
	char path[64];
	long rejected = 0;
	int fd = fuzz_file(data, size, path);

	if (fd < 0)
		return 0;
	memset(&o, 0, sizeof(o));
	o.from = fmt;
	o.dedupe = 1;
	o.brand_ids = brands;
	o.nbrand = 2;
	o.max_line = 4096;
	o.max_doc = 1 << 16;
	o.tmpdir = "/tmp";
	o.read_chunk = size > 0 ? (size_t)data[0] % 97 + 1 : 0;	/* split reads */
	if (fmt == SC_FMT_CSV) {
		o.map[SC_MAP_ID] = "id";
		o.map[SC_MAP_TEXT] = "text";
		o.map[SC_MAP_CREATED] = "created_at";
		o.map[SC_MAP_AUTHOR] = "author";
		o.map[SC_MAP_THREAD] = "thread";
		o.map[SC_MAP_IS_BRAND] = "is_brand";
	}
	sc_norm_init(&n, &o);
	sc_out_init(&out, fuzz_devnull());
	n.out = &out;
	n.reject = on_reject;
	n.reject_ctx = &rejected;
	{
		/* over-long lines and CSV rows stream to the rejects file */
		static FILE *sink;
		if (sink == NULL)
			sink = fopen("/dev/null", "w");
		n.overflow = sink;
	}
	sc_norm_fd(&n, fd, path);
	sc_out_close(&out);
	sc_norm_release(&n);
	close(fd);
	return 0;
}
