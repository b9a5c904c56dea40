/*
 * fetch_x.c - sc-fetch's X API v2 sources:
 *
 *   mentions   /2/users/{id}/mentions, incremental by since_id (the newest
 *              id committed), else start_time; newest first
 *   tweets     /2/users/{id}/tweets: the brand's own posts and replies
 *   messages   /2/dm_events (MessageCreate), newest first, read down to
 *              the window
 *   search     /2/tweets/search/recent with the profile's search column
 *              (brand names, misspellings: X query syntax), without the
 *              account's own posts and retweets: mentions that do not tag
 *              the brand; incremental by since_id like mentions, else
 *              start_time, never before the 7 days recent search covers;
 *              only for profiles with a search column
 *
 * Authors come from includes.users (expansions); pages go on with
 * meta.next_token as pagination_token.
 */
#include <string.h>

#include "fetch_int.h"

static int x_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc);

static const struct sc_walk_ops x_list = {"x_list", "data", "meta", SC_PAGE_X, 0, 0, x_page};
static const struct sc_walk_ops x_dms = {"x_dms", "data", "meta", SC_PAGE_X, 0, 0, x_page};

static void
timeline_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/2/users/%s/%s", j->pr->base, j->pr->p->account_id, j->src->name);
	sc_url_add(&b, "max_results", "100");
	sc_url_add(&b, "tweet.fields",
		   "id,text,created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,entities");
	sc_url_add(&b, "expansions", "author_id");
	sc_url_add(&b, "user.fields", "id,name,username,verified");
	if (j->st.since_id[0]) {
		sc_url_add(&b, "since_id", j->st.since_id);
	} else if (j->since > 0) {
		char t[32];
		sc_time_format(j->since, t);
		sc_url_add(&b, "start_time", t);
	}
	sc_fetch_walk_add(r, j, &x_list, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

static void
dms_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b;

	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/2/dm_events", j->pr->base);
	sc_url_add(&b, "max_results", "100");
	sc_url_add(&b, "event_types", "MessageCreate");
	sc_url_add(&b, "dm_event.fields",
		   "id,text,created_at,sender_id,dm_conversation_id,event_type,attachments,referenced_tweets");
	sc_url_add(&b, "expansions", "sender_id");
	sc_url_add(&b, "user.fields", "id,name,username");
	sc_fetch_walk_add(r, j, &x_dms, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
}

/* The query a search sends: the profile's terms, not the account's own
   posts, no retweets.  X takes 512 characters on the lower tiers. */
#define X_QUERY_MAX 512

static void
search_start(struct sc_fetch_run *r, struct sc_fetch_job *j)
{
	struct sc_buf b, q;
	int64_t floor = r->o->now - 7 * 86400 + 60;

	if (j->pr->search == NULL || *j->pr->search == '\0')
		return;		/* no terms: nothing to search for */
	sc_buf_init(&q);
	sc_buf_printf(&q, "(%s) -from:%s -is:retweet", j->pr->search, j->pr->p->account_id);
	if (q.len > X_QUERY_MAX) {
		char why[160];
		snprintf(why, sizeof(why), "search column too long: the query is %zu characters with "
			 "the operators sc-fetch adds, X takes %d", q.len, X_QUERY_MAX);
		sc_fetch_job_fail(r, j, SC_EX_CONFIG, why);
		sc_buf_release(&q);
		return;
	}
	sc_buf_init(&b);
	sc_buf_printf(&b, "%s/2/tweets/search/recent", j->pr->base);
	sc_url_add(&b, "query", q.data);
	sc_url_add(&b, "max_results", "100");
	sc_url_add(&b, "tweet.fields",
		   "id,text,created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,entities");
	sc_url_add(&b, "expansions", "author_id");
	sc_url_add(&b, "user.fields", "id,name,username,verified");
	if (j->st.since_id[0] && j->st.watermark >= floor) {
		sc_url_add(&b, "since_id", j->st.since_id);
	} else {	/* an id older than the 7 days is refused */
		char t[32];
		sc_time_format(j->since > floor ? j->since : floor, t);
		sc_url_add(&b, "start_time", t);
	}
	sc_fetch_walk_add(r, j, &x_list, sc_xstrdup(b.data), NULL, 0);
	sc_buf_release(&b);
	sc_buf_release(&q);
}

static const struct sc_walk_ops *const list_walks[] = {&x_list, NULL};
static const struct sc_walk_ops *const dm_walks[] = {&x_dms, NULL};

const struct sc_source_ops sc_fetch_x_mentions = {SC_PLAT_X, "mentions", timeline_start, list_walks, 0};
const struct sc_source_ops sc_fetch_x_tweets = {SC_PLAT_X, "tweets", timeline_start, list_walks, 0};
const struct sc_source_ops sc_fetch_x_messages = {SC_PLAT_X, "messages", dms_start, dm_walks, 0};
const struct sc_source_ops sc_fetch_x_search = {SC_PLAT_X, "search", search_start, list_walks, 0};

static int
x_page(struct sc_fetch_run *r, struct sc_fetch_walk *w, json_t *doc)
{
	struct sc_fetch_job *j = w->job;
	json_t *users = sc_json_path(doc, "includes.users");
	int dms = w->ops == &x_dms;
	const char *who = dms ? "sender_id" : "author_id";
	json_t *it;
	size_t i;
	int stop = 0;

	json_array_foreach(json_object_get(doc, "data"), i, it) {
		const char *au = sc_json_str(it, who);
		const char *conv = sc_json_str(it, dms ? "dm_conversation_id" : "conversation_id");
		json_t *ctx, *u;
		size_t k;

		/* timelines are bounded by since_id or start_time; DMs by reading down to the window */
		if (!sc_fetch_in_window(j, sc_fetch_item_time(it, "created_at")) && dms) {
			stop = 1;
			break;
		}
		if (!dms)
			sc_fetch_note_id(j, sc_json_str(it, "id"));
		ctx = sc_fetch_ctx_new(w);
		if (conv)
			json_object_set_new(ctx, "conversation_id", json_string(conv));
		json_array_foreach(users, k, u) {
			const char *uid = sc_json_str(u, "id");
			if (au && uid && strcmp(au, uid) == 0) {
				json_object_set(ctx, "author", u);
				break;
			}
		}
		sc_fetch_emit(r, w, ctx, it);
	}
	return sc_fetch_walk_next(r, w, doc, stop);
}
