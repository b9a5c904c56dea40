/*
 * check.h - the unit test harness: CHECK(desc, expr) counts and reports,
 * DONE() prints the tally and returns the exit status.
 */
#ifndef SC_CHECK_H
#define SC_CHECK_H
#include <stdio.h>

static int check_pass, check_fail;

#define CHECK(desc, expr) do { \
	if (expr) { \
		check_pass++; \
	} else { \
		check_fail++; \
		printf("FAIL %s:%d: %s (%s)\n", __FILE__, __LINE__, desc, #expr); \
	} \
} while (0)

#define DONE() (printf("%d passed, %d failed\n", check_pass, check_fail), check_fail != 0)

#endif
