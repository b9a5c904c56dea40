/*
 * inbox_int.h - what the sc-inbox library files share among themselves
 * (not part of inbox.h's API).
 */
#ifndef SC_INBOX_INT_H
#define SC_INBOX_INT_H

#include <jansson.h>

#include "inbox.h"

/* An anonymous temporary file (created in $TMPDIR or /tmp and unlinked at
   once) for a child's standard input, output or error; -1 on failure. */
int sc_inbox_tmpfd(void);

/* A new object with the members every record about a conversation has:
   thread_id, platform, profile, target (where known) and agent. */
json_t *sc_inbox_base_fields(const struct sc_conv *c, const char *agent);

#endif
