/*
 * hash.c - a 64-bit string hash (FNV-1a with a final mix) and an open
 * addressing set of 64-bit keys with one 64-bit value each.  Dedupe keeps
 * 16 bytes per distinct id instead of the id itself; the chance of two of
 * a billion ids colliding is about 3e-2 / 2^32, far below a disk error.
 */
#include <stdlib.h>
#include <string.h>

#include "sc.h"

uint64_t
sc_hash64(const void *p, size_t n)
{
	const unsigned char *s = p;
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= 0x100000001b3ULL;
	}
	/* murmur3 finaliser: spread the low bits for the table index */
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

void
sc_set64_init(struct sc_set64 *s)
{
	memset(s, 0, sizeof(*s));
}

void
sc_set64_release(struct sc_set64 *s)
{
	free(s->slot);
	free(s->val);
	sc_set64_init(s);
}

static size_t
find(const struct sc_set64 *s, uint64_t key)
{
	size_t mask = s->cap - 1, i = (size_t)key & mask;

	while (s->slot[i] != 0 && s->slot[i] != key)
		i = (i + 1) & mask;
	return i;
}

static void
grow(struct sc_set64 *s)
{
	struct sc_set64 old = *s;
	size_t i;

	s->cap = old.cap ? old.cap * 2 : 1024;
	s->slot = sc_xcalloc(s->cap, sizeof(uint64_t));
	s->val = sc_xcalloc(s->cap, sizeof(uint64_t));
	for (i = 0; i < old.cap; i++) {
		if (old.slot[i] == 0)
			continue;
		size_t j = find(s, old.slot[i]);
		s->slot[j] = old.slot[i];
		s->val[j] = old.val[i];
	}
	free(old.slot);
	free(old.val);
}

int
sc_set64_put(struct sc_set64 *s, uint64_t key, uint64_t **val)
{
	if (key == 0) {
		int fresh = !s->has_zero;
		s->has_zero = 1;
		if (val)
			*val = &s->zero_val;
		return fresh;
	}
	if ((s->n + 1) * 4 >= s->cap * 3)
		grow(s);
	size_t i = find(s, key);
	int fresh = s->slot[i] == 0;
	if (fresh) {
		s->slot[i] = key;
		s->val[i] = 0;
		s->n++;
	}
	if (val)
		*val = &s->val[i];
	return fresh;
}

int
sc_set64_get(const struct sc_set64 *s, uint64_t key, uint64_t **val)
{
	if (key == 0) {
		if (s->has_zero && val)
			*val = (uint64_t *)&s->zero_val;
		return s->has_zero;
	}
	if (s->cap == 0)
		return 0;
	size_t i = find(s, key);
	if (s->slot[i] == 0)
		return 0;
	if (val)
		*val = &s->val[i];
	return 1;
}
