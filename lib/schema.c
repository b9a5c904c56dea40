/*
 * schema.c - the one copy of the record vocabulary (see schema.h).
 */
#include <string.h>
#include <strings.h>

#include "schema.h"

const char *const sc_schema_platforms[SC_NPLATFORM + 1] = {
	[SC_PLATFORM_FACEBOOK] = "facebook",
	[SC_PLATFORM_INSTAGRAM] = "instagram",
	[SC_PLATFORM_X] = "x",
	[SC_PLATFORM_YOUTUBE] = "youtube",
	[SC_PLATFORM_TIKTOK] = "tiktok",
	[SC_PLATFORM_LINKEDIN] = "linkedin",
	[SC_PLATFORM_GOOGLE] = "google",
	[SC_PLATFORM_EMAIL] = "email",
	[SC_PLATFORM_THREADS] = "threads",
	[SC_PLATFORM_CSV] = "csv",
	[SC_NPLATFORM] = NULL
};

static const char *const dm_channels[SC_NPLATFORM] = {
	[SC_PLATFORM_FACEBOOK] = "messenger",
	[SC_PLATFORM_INSTAGRAM] = "instagram-dm",
	[SC_PLATFORM_X] = "x-dm",
	[SC_PLATFORM_TIKTOK] = "tiktok-dm",
	[SC_PLATFORM_LINKEDIN] = "linkedin-dm",
};

const char *const sc_schema_kinds[SC_NKIND + 1] = {
	[SC_KIND_COMMENT] = "comment",
	[SC_KIND_DM] = "dm",
	[SC_KIND_MENTION] = "mention",
	[SC_KIND_REVIEW] = "review",
	[SC_KIND_POST] = "post",
	[SC_KIND_NOTE] = "note",
	[SC_KIND_LABEL] = "label",
	[SC_KIND_SURVEY] = "survey",
	[SC_KIND_STATUS] = "status",
	[SC_NKIND] = NULL
};

const char *const sc_schema_statuses[SC_NSTATUS + 1] = {
	[SC_STATUS_RESOLVED] = "resolved",
	[SC_STATUS_REOPENED] = "reopened",
	[SC_STATUS_ESCALATED] = "escalated",
	[SC_STATUS_ASSIGNED] = "assigned",
	[SC_STATUS_CLAIMED] = "claimed",
	[SC_NSTATUS] = NULL
};

const char *const sc_categories[SC_NCATEGORY] = {
	"question", "complaint", "bug", "praise", "opinion", "spam", "hate", "other"
};
const char *const sc_sentiments[SC_NSENTIMENT] = {"positive", "neutral", "negative"};
const char *const sc_priorities[SC_NPRIORITY] = {"P1", "P2", "P3", "P4"};
const char *const sc_actions[SC_NACTION] = {"reply", "escalate", "hide", "delete", "ignore"};

int
sc_schema_index(const char *const *names, int n, const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	for (i = 0; n < 0 ? names[i] != NULL : i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
sc_schema_platform(const char *name)
{
	if (name != NULL && strcmp(name, SC_PLATFORM_ALIAS_TWITTER) == 0)
		return SC_PLATFORM_X;
	return sc_schema_index(sc_schema_platforms, SC_NPLATFORM, name);
}

int
sc_schema_platform_ci(const char *name)
{
	int i;

	if (name == NULL)
		return -1;
	if (strcasecmp(name, SC_PLATFORM_ALIAS_TWITTER) == 0)
		return SC_PLATFORM_X;
	for (i = 0; i < SC_NPLATFORM; i++)
		if (strcasecmp(sc_schema_platforms[i], name) == 0)
			return i;
	return -1;
}

const char *
sc_schema_dm_channel(int platform)
{
	return platform >= 0 && platform < SC_NPLATFORM ? dm_channels[platform] : NULL;
}

/* ISO 639-1 (the 183 current codes, sorted), two letters each. */
static const char iso639_1[] =
	"aaabaeafakamanarasavayazbabebgbibmbnbobrbscacech"
	"cocrcscucvcydadedvdzeeeleneoeseteufafffifjfofrfy"
	"gagdglgngugvhahehihohrhthuhyhziaidieigiiikioisit"
	"iujajvkakgkikjkkklkmknkokrkskukvkwkylalblglilnlo"
	"ltlulvmgmhmimkmlmnmrmsmtmynanbndnengnlnnnonrnvny"
	"ocojomorospapiplpsptqurmrnrorurwsascsdsesgsisksl"
	"smsnsosqsrssstsusvswtatetgthtitktltntotrtstttwty"
	"ugukuruzvevivowawoxhyiyozazhzu";

int
sc_schema_lang(const char *s)
{
	size_t lo = 0, hi = (sizeof(iso639_1) - 1) / 2;

	if (s == NULL || s[0] < 'a' || s[0] > 'z' || s[1] < 'a' || s[1] > 'z' || s[2] != '\0')
		return 0;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = memcmp(iso639_1 + 2 * mid, s, 2);
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}
