#!/usr/bin/env python3
"""gendata.py - deterministic fixture data for tests/mock/platforms.py.

  gendata.py --out data.json --profiles-csv profiles.csv
             [--platforms facebook,instagram,x,youtube,google] [--count N]
             [--items K] [--start 2026-11-20T08:00:00Z] [--token-env NAME]

Writes N profiles per platform with about K items per source, the matching
profiles.csv (token column = the environment variable NAME), and prints
nothing.  The same arguments always give the same bytes.
"""
import argparse
import calendar
import json
import time

TEXTS = [
    "Dzień dobry, kiedy dostanę zwrot za zamówienie?",
    "Świetna obsługa, dziękuję!",
    "Paczka nie dotarła, proszę o pomoc",
    "Where is my order? Still waiting",
    "Czy macie ten model w rozmiarze M?",
    "Love the new collection",
    "Aplikacja się zawiesza po aktualizacji",
    "Zamówienie 12345 - brak kontaktu od tygodnia",
]


def fmt_graph(t):
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(t))


def fmt_z(t, frac=False):
    return time.strftime("%Y-%m-%dT%H:%M:%S" + (".000" if frac else "") + "Z", time.gmtime(t))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--profiles-csv", required=True)
    ap.add_argument("--platforms", default="facebook,instagram,x,youtube,google")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--items", type=int, default=12)
    ap.add_argument("--start", default="2026-11-20T08:00:00Z")
    ap.add_argument("--token-env", default="SC_TEST_TOKEN")
    ap.add_argument("--sources", default="", help="sources column for every profile")
    ap.add_argument("--extras", action="store_true",
                    help="also visitor posts, tags and ratings (Facebook), tags and ad media (Instagram, "
                         "with an ad_account_id column)")
    a = ap.parse_args()
    t0 = calendar.timegm(time.strptime(a.start, "%Y-%m-%dT%H:%M:%SZ"))
    plats = [p for p in a.platforms.split(",") if p]
    d = {"graph": {"pages": {}, "comments": {}, "ig_users": {}, "ig_comments": {}},
         "x": {"users": {}, "mentions": {}, "timeline": {}, "dm_events": {}},
         "youtube": {"threads": {}}, "gbp": {}, "tiktok": {"videos": {}, "comments": {}},
         "linkedin": {"orgs": {}, "comments": {}}}
    rows = ["profile,platform,account_id,token,sources,sla,tz" + (",ad_account_id,search" if a.extras else "")]
    K = a.items
    step = 60
    for n in range(1, a.count + 1):
        if "facebook" in plats:
            pid = "1%05d" % n
            pg = {"name": "Brand %d" % n, "posts": [], "ads_posts": [], "conversations": []}
            for k, key in ((1, "posts"), (2, "posts"), (3, "ads_posts")):
                post = "%s_%d" % (pid, 900 + k)
                pg[key].append({"id": post, "created_time": fmt_graph(t0 - 86400 * k), "message": "Post %d" % k})
                cs = []
                per = max(1, K // 3)
                for i in range(per):
                    ct = t0 + (k * per + i) * step
                    cid = "%d%02d_%d" % (900 + k, n % 100, 5000 + i)
                    c = {"id": cid, "created_time": fmt_graph(ct), "from": {"id": "u%d" % (i % 7), "name": "Klient %d" % (i % 7)},
                         "message": TEXTS[(i + k) % len(TEXTS)], "like_count": 0, "is_hidden": False}
                    if i % 4 == 3:   # a brand reply to the previous comment
                        c["parent"] = {"id": cs[-1]["id"]}
                        c["from"] = {"id": pid, "name": pg["name"]}
                        c["message"] = "Dziękujemy, odezwiemy się na priv."
                    cs.append(c)
                d["graph"]["comments"][post] = cs
            for ci in range(max(1, K // 4)):
                conv = {"id": "t_%s%03d" % (pid, ci), "updated_time": fmt_graph(t0 + (ci * 4 + 3) * step), "message_count": 4,
                        "participants": {"data": [{"id": "psid%d" % ci, "name": "Klient %d" % ci}, {"id": pid, "name": pg["name"]}]},
                        "messages": []}
                for mi in range(4):
                    brand = mi % 2 == 1
                    conv["messages"].append({"id": "m_%s_%03d_%d" % (pid, ci, mi), "created_time": fmt_graph(t0 + (ci * 4 + mi) * step),
                                             "from": {"id": pid if brand else "psid%d" % ci, "name": pg["name"] if brand else "Klient %d" % ci},
                                             "to": {"data": [{"id": "psid%d" % ci if brand else pid}]},
                                             "message": "Odpowiadamy" if brand else TEXTS[(ci + mi) % len(TEXTS)]})
                pg["conversations"].append(conv)
            if a.extras:   # visitor posts (one with comments), tagged posts, ratings
                pg["visitor_posts"], pg["tagged"], pg["ratings"] = [], [], []
                for k in range(3):
                    vp = "%s_%d" % (pid, 950 + k)
                    pg["visitor_posts"].append({"id": vp, "created_time": fmt_graph(t0 + k * step), "status_type": "wall_post",
                                                "from": {"id": "v%d" % k, "name": "Gość %d" % k}, "message": TEXTS[k % len(TEXTS)]})
                    pg["tagged"].append({"id": "77%d_%d" % (n, 600 + k), "created_time": fmt_graph(t0 + (k + 3) * step),
                                         "status_type": "mobile_status_update", "message": "@Brand %d %s" % (n, TEXTS[(k + 2) % len(TEXTS)]),
                                         "from": {"id": "t%d" % k, "name": "Autor %d" % k}})
                    pg["ratings"].append({"created_time": fmt_graph(t0 + (k + 6) * step), "has_rating": False, "has_review": True,
                                          "recommendation_type": "negative" if k == 0 else "positive",
                                          "review_text": TEXTS[(k + 4) % len(TEXTS)], "reviewer": {"id": "r%d" % k, "name": "Recenzent %d" % k},
                                          "open_graph_story": {"id": "%s%d" % ("98765", 100 * n + k)}})
                d["graph"]["comments"]["%s_950" % pid] = [
                    {"id": "950%02d_%d" % (n % 100, 7000 + i), "created_time": fmt_graph(t0 + (10 + i) * step), "message": "Też tak mam",
                     "from": {"id": "u%d" % i, "name": "Klient %d" % i}} for i in range(2)] + [
                    {"id": "950%02d_7009" % (n % 100), "created_time": fmt_graph(t0 + 13 * step), "message": "Przepraszamy, piszemy na priv.",
                     "from": {"id": pid, "name": pg["name"]}, "parent": {"id": "950%02d_7000" % (n % 100)}}]
            d["graph"]["pages"][pid] = pg
            rows.append("fb%d,facebook,%s,%s,%s,60m,Europe/Warsaw" % (n, pid, a.token_env, a.sources))
        if "instagram" in plats:
            ig = "178%05d" % n
            u = {"media": [], "conversations": []}
            for k in (1, 2):
                mid = "179%05d%02d" % (n, k)
                u["media"].append({"id": mid, "timestamp": fmt_graph(t0 - 86400 * k), "caption": "Nowa kolekcja %d" % k, "media_type": "IMAGE"})
                cs = []
                for i in range(max(1, K // 2)):
                    c = {"id": "180%05d%02d%03d" % (n, k, i), "text": TEXTS[(i + k) % len(TEXTS)], "timestamp": fmt_graph(t0 + (k * 50 + i) * step),
                         "username": "fan%d" % i, "from": {"id": "ig_u%d" % i, "username": "fan%d" % i}, "like_count": 0, "hidden": False}
                    if i % 3 == 0:
                        c["replies"] = [{"id": "181%05d%02d%03d" % (n, k, i), "text": "Dzięki!", "timestamp": fmt_graph(t0 + (k * 50 + i) * step + 30),
                                         "username": "brand%d" % n, "from": {"id": ig, "username": "brand%d" % n}, "parent_id": c["id"]}]
                    cs.append(c)
                d["graph"]["ig_comments"][mid] = cs
            u["conversations"].append({"id": "aWdf%05d" % n, "updated_time": fmt_graph(t0 + 5 * step), "platform": "instagram",
                                       "participants": {"data": [{"id": "igsid1", "username": "fan1"}, {"id": ig, "username": "brand%d" % n}]},
                                       "messages": [{"id": "aWdm%05d_%d" % (n, j), "created_time": fmt_graph(t0 + (j + 2) * step),
                                                     "from": {"id": "igsid1" if j % 2 == 0 else ig, "username": "fan1" if j % 2 == 0 else "brand%d" % n},
                                                     "message": "Hej, pytanie o zamówienie" if j % 2 == 0 else "Już sprawdzamy"} for j in range(4)]})
            if a.extras:   # media the account is tagged in, and an ad's medium with comments
                u["tags"] = [{"id": "182%05d%02d" % (n, k), "caption": "@brand%d %s" % (n, TEXTS[k % len(TEXTS)]),
                              "timestamp": fmt_graph(t0 + (20 + k) * step), "username": "tagger%d" % k, "media_type": "IMAGE"}
                             for k in range(2)]
                ad_media = "183%05d01" % n
                d["graph"].setdefault("ad_accounts", {})["55%05d" % n] = [
                    {"id": "2385%05d" % n, "creative": {"id": "c%d" % n, "effective_instagram_media_id": ad_media}},
                    {"id": "2386%05d" % n, "creative": {"id": "c%db" % n}}]   # an ad that is not on Instagram
                d["graph"]["ig_comments"][ad_media] = [
                    {"id": "184%05d%03d" % (n, i), "text": "Ile kosztuje?", "timestamp": fmt_graph(t0 + (30 + i) * step),
                     "username": "adfan%d" % i, "from": {"id": "ig_a%d" % i, "username": "adfan%d" % i}} for i in range(2)]
            d["graph"]["ig_users"][ig] = u
            rows.append("ig%d,instagram,%s,%s,%s,60m,Europe/Warsaw" % (n, ig, a.token_env, a.sources) +
                        (",55%05d" % n if a.extras else ""))
        if "x" in plats:
            uid = str(7000000 + n)
            d["x"]["users"][uid] = {"id": uid, "name": "Brand %d" % n, "username": "brand%d" % n}
            mentions, tl, dms = [], [], []
            for i in range(K):
                au = str(8000000 + n * 100 + i % 9)
                d["x"]["users"][au] = {"id": au, "name": "Klient %d" % (i % 9), "username": "klient%d_%d" % (n, i % 9)}
                tid = str(1850000000000000000 + n * 100000 + i * 10)
                mentions.append({"id": tid, "text": "@brand%d %s" % (n, TEXTS[i % len(TEXTS)]), "author_id": au,
                                 "created_at": fmt_z(t0 + i * step, True), "conversation_id": tid, "lang": "pl"})
                if i % 3 == 0:
                    rid = str(int(tid) + 5)
                    tl.append({"id": rid, "text": "@klient%d_%d Dziękujemy, sprawdzamy!" % (n, i % 9), "author_id": uid,
                               "created_at": fmt_z(t0 + i * step + 30, True), "conversation_id": tid,
                               "in_reply_to_user_id": au, "referenced_tweets": [{"type": "replied_to", "id": tid}]})
            for i in range(max(1, K // 2)):
                au = str(8000000 + n * 100 + i % 9)
                dms.append({"id": str(1860000000000000000 + n * 100000 + i * 10), "event_type": "MessageCreate",
                            "text": TEXTS[i % len(TEXTS)] if i % 2 == 0 else "Odpowiedź marki",
                            "sender_id": au if i % 2 == 0 else uid, "dm_conversation_id": "%s-%s" % (min(au, uid), max(au, uid)),
                            "created_at": fmt_z(t0 + i * step, True)})
            if a.extras:   # brand talk without the @ (recent search), the brand's own, a retweet, a tagged one
                srch = d["x"].setdefault("search", [])
                for i in range(4):
                    au = str(8000000 + n * 100 + 50 + i)
                    d["x"]["users"][au] = {"id": au, "name": "Mówca %d" % i, "username": "mowca%d_%d" % (n, i)}
                    srch.append({"id": str(1870000000000000000 + n * 100000 + i * 10), "author_id": au, "lang": "pl",
                                 "text": ["Brand%d znowu nie działa" % n, "czy ktoś zna brnad%d?" % n,
                                          "@brand%d gdzie paczka, Brand%d?" % (n, n), "RT Brand%d super" % n][i],
                                 "created_at": fmt_z(t0 + i * step, True), "conversation_id": str(1870000000000000000 + n * 100000 + i * 10),
                                 "entities": {"mentions": [{"username": "brand%d" % n, "id": uid}]} if i == 2 else {},
                                 "referenced_tweets": [{"type": "retweeted", "id": "1"}] if i == 3 else []})
                srch.append({"id": str(1870000000000000000 + n * 100000 + 90), "author_id": uid, "lang": "pl",
                             "text": "Brand%d: nowa kolekcja" % n, "created_at": fmt_z(t0 + 9 * step, True)})
            d["x"]["mentions"][uid] = mentions
            d["x"]["timeline"][uid] = tl
            d["x"]["dm_events"][uid] = dms
            d["x"]["me"] = uid
            rows.append("x%d,x,%s,%s,%s,60m,Europe/Warsaw" % (n, uid, a.token_env, a.sources) +
                        (",,Brand%d OR brnad%d" % (n, n) if a.extras else ""))
        if "youtube" in plats:
            ch = "UCmock%05d" % n
            threads = []
            for i in range(K):
                tid = "Ugx%05d%04d" % (n, i)
                ts = fmt_z(t0 + i * step)
                top = {"kind": "youtube#comment", "etag": "e", "id": tid,
                       "snippet": {"channelId": ch, "videoId": "vid%d" % (i % 3), "textDisplay": TEXTS[i % len(TEXTS)], "textOriginal": TEXTS[i % len(TEXTS)],
                                   "authorDisplayName": "Widz %d" % i, "authorChannelId": {"value": "UCviewer%d" % i}, "canRate": True,
                                   "viewerRating": "none", "likeCount": 0, "publishedAt": ts, "updatedAt": ts}}
                th = {"kind": "youtube#commentThread", "etag": "e", "id": tid,
                      "snippet": {"channelId": ch, "videoId": "vid%d" % (i % 3), "topLevelComment": top, "canReply": True, "totalReplyCount": 0, "isPublic": True}}
                nrep = 7 if i == 0 else (1 if i % 4 == 0 else 0)
                if nrep:
                    th["replies"] = {"comments": []}
                    for r in range(nrep):
                        rt = fmt_z(t0 + i * step + 5 + r)
                        brand = r % 2 == 0
                        th["replies"]["comments"].append({"kind": "youtube#comment", "etag": "e", "id": "%s.r%d" % (tid, r),
                                                          "snippet": {"channelId": ch, "videoId": "vid%d" % (i % 3), "parentId": tid,
                                                                      "textDisplay": "Dziękujemy!" if brand else "Nadal czekam", "textOriginal": "Dziękujemy!" if brand else "Nadal czekam",
                                                                      "authorDisplayName": "Brand" if brand else "Widz %d" % i,
                                                                      "authorChannelId": {"value": ch if brand else "UCviewer%d" % i},
                                                                      "publishedAt": rt, "updatedAt": rt, "likeCount": 0}})
                threads.append(th)
            d["youtube"]["threads"][ch] = threads
            d["youtube"]["me"] = ch
            rows.append("yt%d,youtube,%s,%s,%s,60m,Europe/Warsaw" % (n, ch, a.token_env, a.sources))
        if "google" in plats:
            loc = "accounts/10%03d/locations/20%03d" % (n, n)
            revs = []
            for i in range(K):
                ts = fmt_z(t0 + i * step)
                r = {"name": "%s/reviews/rev%05d%03d" % (loc, n, i), "reviewId": "rev%05d%03d" % (n, i),
                     "reviewer": {"displayName": "Recenzent %d" % i, "isAnonymous": False},
                     "starRating": ["ONE", "TWO", "THREE", "FOUR", "FIVE"][i % 5], "createTime": ts, "updateTime": ts}
                if i % 5 != 1:
                    r["comment"] = TEXTS[i % len(TEXTS)]
                if i % 3 == 0:
                    r["reviewReply"] = {"comment": "Dziękujemy za opinię!", "updateTime": fmt_z(t0 + i * step + 40)}
                    r["updateTime"] = r["reviewReply"]["updateTime"]
                revs.append(r)
            d["gbp"][loc] = revs
            rows.append("gbp%d,google,%s,%s,%s,60m,Europe/Warsaw" % (n, loc, a.token_env, a.sources))
        if "tiktok" in plats:   # not in the default list: the older suites count without it
            biz = "tt_biz_%d" % n
            vids = []
            for v in range(3):
                vid = "73%05d%02d" % (n, v)
                vids.append({"item_id": vid, "create_time": t0 - 86400 * (v + 1), "comments": K // 3})
                cs = []
                for i in range(K // 3):
                    ct = t0 + (v * (K // 3) + i) * step
                    c = {"comment_id": "%s%03d" % (vid, i), "video_id": vid, "create_time": ct,
                         "text": TEXTS[(i + v) % len(TEXTS)], "user_id": "ttu%d" % (i % 5),
                         "username": "fan%d" % (i % 5), "display_name": "Fan %d" % (i % 5), "likes": 0,
                         "replies": 0, "owner": False, "status": "PUBLIC", "parent_comment_id": None,
                         "reply_list": []}
                    if i % 3 == 1:   # the brand answers in the thread
                        c["reply_list"].append({"comment_id": "%s%03dr" % (vid, i), "video_id": vid,
                                                "create_time": ct + 30, "text": "Dziękujemy!", "user_id": biz,
                                                "username": "brand%d" % n, "owner": True, "status": "PUBLIC",
                                                "parent_comment_id": c["comment_id"]})
                        c["replies"] = 1
                    cs.append(c)
                d["tiktok"]["comments"][vid] = cs
            d["tiktok"]["videos"][biz] = vids
            rows.append("tt%d,tiktok,%s,%s,%s,60m,Europe/Warsaw" % (n, biz, a.token_env, a.sources))
        if "linkedin" in plats:   # not in the default list either
            org = "9607%04d" % n
            posts = []
            for k in (1, 2):
                urn = "urn:li:share:70%05d%02d" % (n, k)
                posts.append({"id": urn, "author": "urn:li:organization:" + org, "commentary": "Post %d" % k,
                              "createdAt": (t0 - 86400 * k) * 1000, "lastModifiedAt": (t0 - 86400 * k) * 1000,
                              "lifecycleState": "PUBLISHED", "visibility": "PUBLIC"})
                cs = []
                for i in range(max(1, K // 2)):
                    ct = t0 + (k * 50 + i) * step
                    cid = "71%05d%02d%03d" % (n, k, i)
                    c = {"id": cid, "$URN": "urn:li:comment:(%s,%s)" % (urn, cid), "object": urn,
                         "actor": "urn:li:person:p%d" % (i % 5), "created": {"actor": "urn:li:person:p%d" % (i % 5), "time": ct * 1000},
                         "lastModified": {"time": ct * 1000}, "message": {"text": TEXTS[(i + k) % len(TEXTS)], "attributes": []}}
                    cs.append(c)
                    if i % 3 == 0:   # the organization answers under the comment
                        rid = cid + "9"
                        cs.append({"id": rid, "$URN": "urn:li:comment:(%s,%s)" % (urn, rid), "object": urn,
                                   "actor": "urn:li:organization:" + org, "parentComment": c["$URN"],
                                   "created": {"actor": "urn:li:organization:" + org, "impersonator": "urn:li:person:admin1",
                                               "time": (ct + 30) * 1000},
                                   "lastModified": {"time": (ct + 30) * 1000}, "message": {"text": "Dziękujemy!", "attributes": []}})
                d["linkedin"]["comments"][urn] = cs
            d["linkedin"]["orgs"][org] = posts
            if a.extras:   # notifications: comments on its posts, and members' posts and comments naming it
                ourn = "urn:li:organization:" + org
                cs1 = d["linkedin"]["comments"][posts[0]["id"]]
                nts = d["linkedin"].setdefault("notifications", {}).setdefault(org, [])

                def dec(c):
                    return {"comment": {"owner": c["actor"], "text": c["message"]["text"], "entity": c["$URN"],
                                        "object": c["object"]}}
                top = [c for c in cs1 if not c.get("parentComment")]
                rep = next(c for c in cs1 if c.get("parentComment"))
                nts.append({"action": "COMMENT", "lastModifiedAt": top[0]["created"]["time"], "organizationalEntity": ourn,
                            "sourcePost": posts[0]["id"], "generatedActivity": top[0]["$URN"],
                            "decoratedGeneratedActivity": dec(top[0]), "notificationId": 8100 + n * 10})
                nts.append({"action": "ADMIN_COMMENT", "lastModifiedAt": rep["created"]["time"], "organizationalEntity": ourn,
                            "sourcePost": posts[0]["id"], "generatedActivity": rep["$URN"],
                            "decoratedGeneratedActivity": dec(rep), "notificationId": 8101 + n * 10})
                # undecorated, the inner URN without "urn:li:" (as LinkedIn writes it): read by id
                nts.append({"action": "COMMENT", "lastModifiedAt": top[1]["created"]["time"], "organizationalEntity": ourn,
                            "sourcePost": posts[0]["id"],
                            "generatedActivity": top[1]["$URN"].replace("(urn:li:", "("), "notificationId": 8102 + n * 10})
                nts.append({"action": "LIKE", "lastModifiedAt": (t0 + 5) * 1000, "organizationalEntity": ourn,
                            "sourcePost": posts[0]["id"], "notificationId": 8103 + n * 10})
                nts.append({"action": "COMMENT", "lastModifiedAt": (t0 - 40 * 86400) * 1000, "organizationalEntity": ourn,
                            "sourcePost": posts[1]["id"], "generatedActivity": "urn:li:comment:(%s,7100000000)" % posts[1]["id"],
                            "notificationId": 8104 + n * 10})   # before the window
                mp = d["linkedin"].setdefault("member_posts", {})
                for k in (1, 2):
                    murn = "urn:li:share:73%05d%02d" % (n, k)
                    mp[murn] = {"id": murn, "author": "urn:li:person:m%d" % k, "lifecycleState": "PUBLISHED",
                                "visibility": "PUBLIC", "createdAt": (t0 + 100 * k) * 1000,
                                "lastModifiedAt": (t0 + 100 * k) * 1000,
                                "commentary": "Polecam @Brand %d, ale %s" % (n, TEXTS[k % len(TEXTS)])}
                    nts.append({"action": "SHARE_MENTION", "lastModifiedAt": (t0 + 100 * k) * 1000, "organizationalEntity": ourn,
                                "sourcePost": murn, "generatedActivity": murn, "notificationId": 8105 + k + n * 10})
                murn = "urn:li:share:73%05d01" % n
                mc = {"id": "74%05d01" % n, "$URN": "urn:li:comment:(%s,74%05d01)" % (murn, n), "object": murn,
                      "actor": "urn:li:person:m3", "created": {"actor": "urn:li:person:m3", "time": (t0 + 300) * 1000},
                      "lastModified": {"time": (t0 + 300) * 1000},
                      "message": {"text": "@Brand %d czy to prawda?" % n, "attributes": []}}
                d["linkedin"]["comments"][murn] = [mc]
                nts.append({"action": "COMMENT_MENTION", "lastModifiedAt": (t0 + 300) * 1000, "organizationalEntity": ourn,
                            "sourcePost": murn, "generatedActivity": mc["$URN"], "notificationId": 8108 + n * 10})
            rows.append("li%d,linkedin,%s,%s,%s,60m,Europe/Warsaw" % (n, org, a.token_env, a.sources))
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
    if a.extras:   # every row as wide as the header
        rows = [r + "," * (rows[0].count(",") - r.count(",")) for r in rows]
    with open(a.profiles_csv, "w", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")


if __name__ == "__main__":
    main()
