/*
 * fuzz.h - what the libFuzzer targets in tests/fuzz/ share.  Each target
 * is fed the whole input as a file (a memfd, named /proc/self/fd/N for
 * the loaders that take a path) or as lines copied into heap buffers of
 * exactly their length, so ASan sees every read past the end (the old
 * fixed 64-byte stack copy hid issue 18 #1).  Fixtures named by a target
 * are read relative to the repository root (make fuzz-ci runs there).
 */
#ifndef SC_FUZZ_H
#define SC_FUZZ_H

#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "sc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The input as a file: returns its descriptor (at offset 0) and its path
   in path, or -1. */
static inline int
fuzz_file(const uint8_t *data, size_t size, char path[64])
{
	int fd = memfd_create("fuzz", 0);

	if (fd < 0)
		return -1;
	if (size > 0 && write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	lseek(fd, 0, SEEK_SET);
	snprintf(path, 64, "/proc/self/fd/%d", fd);
	return fd;
}

/* Call fn on every line of the input, each in a heap buffer of exactly
   its length plus the NUL. */
static inline void
fuzz_lines(const uint8_t *data, size_t size, void (*fn)(void *ctx, const char *s, size_t n),
	   void *ctx)
{
	size_t off = 0;

	while (off < size) {
		const uint8_t *nl = memchr(data + off, '\n', size - off);
		size_t n = nl ? (size_t)(nl - (data + off)) : size - off;
		char *s = malloc(n + 1);
		memcpy(s, data + off, n);
		s[n] = '\0';
		fn(ctx, s, n);
		free(s);
		off += n + 1;
	}
}

/* The output of a target goes nowhere, but through the real writer. */
static inline int
fuzz_devnull(void)
{
	static int fd = -1;

	if (fd < 0)
		fd = open("/dev/null", O_WRONLY);
	return fd;
}

#endif
