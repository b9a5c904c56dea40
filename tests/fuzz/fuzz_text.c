/*
 * fuzz_text.c - libFuzzer target for what sc-triage reads in a message's
 * text: the personal data detectors (sc_pii_scan, also the disguised
 * e-mails and UK numbers), their redaction, and the language guess
 * (sc_lang_detect).  The input is the text, exactly its length (no NUL
 * after it, so a read past the end is caught).  Checks that hits stay in
 * text order, inside the text and never overlap, and that the language is
 * one of the documented codes.
 */
#include <stdlib.h>
#include <string.h>

#include "triage.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const codes[] = {"pl", "en", "de", "uk", "ru", "und", NULL};
	struct sc_pii_hit h[32];
	char *s = malloc(size ? size : 1);
	struct sc_text t;
	struct sc_buf b;
	size_t n, i, end = 0;
	const char *lang;
	int k;

	memcpy(s, data, size);
	n = sc_pii_scan(s, size, h, 32);
	for (i = 0; i < n; i++) {
		if (h[i].off < end || h[i].off + h[i].len > size || h[i].len == 0 ||
		    h[i].kind < 0 || h[i].kind >= SC_PII_NKINDS)
			abort();
		end = h[i].off + h[i].len;
	}
	sc_buf_init(&b);
	sc_pii_redact(s, size, h, n, &b);
	sc_buf_release(&b);
	sc_text_init(&t);
	sc_text_set(&t, s, size, NULL);
	lang = sc_lang_detect(s, size, &t);
	for (k = 0; codes[k] && strcmp(codes[k], lang) != 0; k++)
		;
	if (codes[k] == NULL)
		abort();
	sc_text_release(&t);
	free(s);
	return 0;
}
