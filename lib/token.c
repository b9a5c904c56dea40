/*
 * token.c - reading an API token for sc-fetch and sc-reply --send: from
 * an environment variable ("env:NAME" or a bare NAME) or from a file
 * ("file:PATH" or a PATH with a '/'), relative paths taken from the
 * directory of profiles.csv.  A file must be a regular file of this user
 * with no group or other access (reliability: tokens never in argv, never
 * in a world-readable place).  Messages name the variable or the file,
 * never the token; the token's temporary copies are wiped.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"

char *
sc_token_new(const char *spec, const char *rel_to, struct sc_error *e)
{
	const char *name = spec;
	char full[4096];
	char *tok = NULL;
	size_t n, i;
	int file = 0;

	if (spec == NULL || *spec == '\0') {
		sc_error_set(e, SC_EX_CONFIG, "", 0, 0, "no token column (name an environment variable or a 0600 file)");
		return NULL;
	}
	if (strncmp(spec, "env:", 4) == 0) {
		name = spec + 4;
	} else if (strncmp(spec, "file:", 5) == 0) {
		name = spec + 5;
		file = 1;
	} else if (strchr(spec, '/') != NULL) {
		file = 1;
	}
	if (file) {
		struct stat sb;
		char buf[8192];
		ssize_t k;
		const char *slash = rel_to ? strrchr(rel_to, '/') : NULL;
		int fd;

		/* relative to profiles.csv, as holidays files are */
		if (name[0] != '/' && slash != NULL) {
			snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - rel_to), rel_to, name);
			name = full;
		}
		fd = open(name, O_RDONLY | O_CLOEXEC | O_NOCTTY);

		if (fd < 0) {
			sc_error_set(e, SC_EX_CONFIG, name, 0, 0, "cannot open token file: %s", strerror(errno));
			return NULL;
		}
		if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			sc_error_set(e, SC_EX_CONFIG, name, 0, 0, "token file is not a regular file");
			close(fd);
			return NULL;
		}
		if (sb.st_mode & 077) {
			sc_error_set(e, SC_EX_CONFIG, name, 0, 0,
				     "token file is readable by others (mode %04o); chmod 600 it",
				     (unsigned)(sb.st_mode & 07777));
			close(fd);
			return NULL;
		}
		if (sb.st_uid != geteuid()) {
			sc_error_set(e, SC_EX_CONFIG, name, 0, 0, "token file belongs to another user");
			close(fd);
			return NULL;
		}
		k = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (k < 0) {
			sc_error_set(e, SC_EX_CONFIG, name, 0, 0, "cannot read token file: %s", strerror(errno));
			return NULL;
		}
		tok = sc_xstrndup(buf, (size_t)k);
		explicit_bzero(buf, sizeof(buf));
	} else {
		const char *v = getenv(name);
		if (v == NULL || *v == '\0') {
			sc_error_set(e, SC_EX_CONFIG, "", 0, 0, "token variable %s is %s", name,
				     v == NULL ? "not set" : "empty");
			return NULL;
		}
		tok = sc_xstrdup(v);
	}
	n = strlen(tok);
	while (n > 0 && (tok[n - 1] == '\n' || tok[n - 1] == '\r' || tok[n - 1] == ' '))
		tok[--n] = '\0';
	for (i = 0; i < n; i++)
		if ((unsigned char)tok[i] < 0x21 || tok[i] == 0x7f)
			break;
	if (n == 0 || i < n) {
		sc_error_set(e, SC_EX_CONFIG, file ? name : "", 0, 0, "token %s%s is empty or holds spaces or control characters",
			     file ? "in file" : "variable ", file ? "" : name);
		explicit_bzero(tok, strlen(tok));
		free(tok);
		return NULL;
	}
	return tok;
}

void
sc_token_free(char *tok)
{
	if (tok == NULL)
		return;
	explicit_bzero(tok, strlen(tok));
	free(tok);
}
