#!/usr/bin/env python3
"""genagency.py - the sample agency for tests/mock/platforms.py.

  genagency.py [--out tests/mock/agency.json]

Three clients of one agency, in the week of Monday 2026-11-16, written for
the project (no real payloads; every name is made up):

  bistro     Bistro Mazurek, restaurants (pl): Facebook page + Messenger,
             Instagram + DMs, Google reviews
  kolej      Kolej Pomorska, a rail operator (pl): Facebook page + Messenger,
             X mentions/replies/DMs, YouTube; a crisis hour on Wednesday
             2026-11-18 07:00-08:00 UTC (smoke in a train: 12 mentions on X,
             3 comments on Facebook)
  northwind  Northwind Outdoor, outdoor gear (en): Facebook, Instagram, X,
             YouTube

Every conversation is written out below as data, with the brand's answer
(delay in minutes, agent) or None, so tests/flow-e2e.test can work out the
expected KPIs by hand from this file.  The configuration (profiles.csv,
rules.csv, replies.csv, holidays) is in scripts/examples/agency/.  The
same run always writes the same bytes.
"""
import argparse
import calendar
import json
import time

D = "2026-11-%02dT%s:00Z"   # day, HH:MM (UTC)


def t(day, hm):
    return calendar.timegm(time.strptime(D % (day, hm), "%Y-%m-%dT%H:%M:%SZ"))


def graph(ts):
    return time.strftime("%Y-%m-%dT%H:%M:%S+0000", time.gmtime(ts))


def z(ts, frac=False):
    return time.strftime("%Y-%m-%dT%H:%M:%S" + (".000" if frac else "") + "Z", time.gmtime(ts))


def snowflake(ts, seq):
    return str(((ts * 1000 - 1288834974657) << 22) + seq)


# ---------------------------------------------------------------- the data
# (day, "HH:MM" UTC, author, text, answer) ; answer = (minutes, agent, text) or None

BISTRO_FB_POSTS = [
    ("200001_1001", (15, "10:00"), "Nowe menu jesienne już jest! 🍂", False, [
        (16, "11:02", "Marek Nowak", "Czy w nowym menu są dania wegańskie?",
         (18, "Ola", "Cześć Marku, tak! Mamy trzy dania wegańskie, w tym zupę dyniową.")),
        (16, "12:15", "Anna Wiśniewska", "Pyszna zupa dyniowa, polecam!",
         (90, "Ola", "Dziękujemy Anno, do zobaczenia!")),
        (17, "19:40", "Katarzyna Zielińska", "Czekałam na zamówienie 50 minut i jedzenie było zimne. Nie polecam.",
         (30, "Kuba", "Katarzyno, bardzo przepraszamy. Napisaliśmy do Ciebie prywatnie.")),
        (17, "22:30", "Piotr Wójcik", "Do której jesteście otwarci w sobotę?",
         (635, "Ola", "Cześć Piotrze, w soboty do 23:00.")),
    ]),
    ("200001_1002", (14, "09:00"), "Lunch dla firm -20% do końca listopada", True, [
        (19, "12:00", "Tomasz Lewandowski", "Ile kosztuje lunch dla firm dla 15 osób?", None),
    ]),
]
BISTRO_FB_DMS = [
    ("t_200001001", "Joanna Kamińska", "psid_jk", [
        (18, "17:00", "Dzień dobry, chciałabym zarezerwować stolik na 8 osób w piątek",
         (12, "Ola", "Dzień dobry, chętnie! Na którą godzinę?")),
        (18, "17:20", "Godzina 19:00, na nazwisko Kamińska", (5, "Ola", "Zarezerwowane, do zobaczenia w piątek!")),
    ]),
    ("t_200001002", "Paweł Zieliński", "psid_pz", [
        (20, "16:30", "Zgubiłem portfel w lokalu na Mokotowie, czy ktoś go znalazł?", None),
    ]),
]
BISTRO_IG_MEDIA = [
    ("17920000001", (16, "08:00"), "Sernik dnia 🍰", [
        (16, "14:00", "ola_je", "Wygląda obłędnie 😍", (10, None, "Dziękujemy! 🧡")),
        (17, "10:30", "gosia.k", "Czy sernik jest bezglutenowy?", (60, None, "Niestety nie, ale mamy bezglutenowe brownie!")),
        (18, "15:00", "promo_king", "Zarabiaj 5000 zł dziennie z domu! Kliknij bit.ly/kasa5000", None),
        (19, "20:45", "michal_w", "Dlaczego dostawa trwała 2 godziny??", None),
    ]),
]
BISTRO_IG_DMS = [
    ("aWdfYmlzdHJvMQ", "karolina.p", "igsid_kp", [
        (19, "09:30", "Hej, macie vouchery prezentowe?", (15, None, "Hej! Tak, do kupienia w każdym lokalu.")),
    ]),
]
BISTRO_REVIEWS = [
    (16, "18:00", "Jan Kowalski", "FIVE", "Najlepsze pierogi w Warszawie!", (930, "Dziękujemy, zapraszamy ponownie!")),
    (18, "20:00", "Ewa Dąbrowska", "TWO", "Długo czekaliśmy, a kelner był nieuprzejmy.", (840, "Przepraszamy, porozmawiamy z zespołem.")),
    (20, "12:00", "Krzysztof Mazur", "ONE", "Zatrucie pokarmowe po obiedzie, cała rodzina chora!", None),
]

KOLEJ_FB_POSTS = [
    ("200002_2001", (16, "07:00"), "Nowy rozkład jazdy od 14 grudnia", False, [
        (16, "08:10", "Stanisław Nowicki", "Czy pociąg do Helu będzie kursował zimą?",
         (15, "Marta", "Panie Stanisławie, tak, przez cały rok.")),
        (17, "16:00", "Agnieszka Pawlak", "Klimatyzacja w pociągu nie działa, w wagonie jest 30 stopni",
         (40, "Marta", "Pani Agnieszko, przepraszamy, zgłosiliśmy usterkę.")),
        (18, "07:05", "Robert Kaczmarek", "Dym w wagonie nr 5 pociągu do Gdyni! Ludzie wychodzą na tory, niebezpiecznie",
         (15, "Marta", "Panie Robercie, służby są na miejscu. Prosimy słuchać drużyny konduktorskiej.")),
        (18, "07:12", "Magdalena Król", "Pociąg stoi w polu od 40 minut, nikt nic nie mówi. Skandal",
         (13, "Marta", "Pani Magdaleno, przepraszamy, wysyłamy komunikację zastępczą.")),
        (18, "07:30", "Łukasz Wieczorek", "Czy ktoś został ranny? Mój syn jest w tym pociągu", None),
    ]),
]
KOLEJ_FB_DMS = [
    ("t_200002001", "Zofia Jabłońska", "psid_zj", [
        (19, "10:00", "Dzień dobry, chcę zwrot za bilet z pociągu, który utknął w środę",
         (50, "Marta", "Dzień dobry, prosimy o numer biletu, zwrot zrobimy od ręki.")),
    ]),
]
KOLEJ_X = [   # (day, hm, handle, name, text, answer)
    (16, "06:30", "adam_k", "Adam K", "czy bilet miesięczny obejmuje linię do Kartuz?", (20, "Tak, obejmuje wszystkie nasze linie.")),
    (17, "18:00", "basia_w", "Basia W", "dziękuję konduktorowi z pociągu 18:05 za pomoc z wózkiem!", (5, "Dziękujemy, przekażemy!")),
    # the crisis hour
    (18, "07:02", "marcin_88", "Marcin", "dym w pociągu do Gdyni, ewakuacja na torach!!!", (13, "Służby są na miejscu, prosimy o spokój i słuchanie konduktorów.")),
    (18, "07:06", "ania_travels", "Ania", "stoimy w polu, czuć spaleniznę. Co się dzieje?", (15, "Sprawdzamy, zaraz podamy informacje.")),
    (18, "07:09", "gdynianin", "Gdynianin", "to niebezpieczne, nikt nie otwiera drzwi", (20, "Drużyna konduktorska otwiera drzwi, prosimy o cierpliwość.")),
    (18, "07:13", "kasia_m", "Kasia M", "mój pociąg do pracy odwołany, spóźnię się 2 godziny. Skandal", (30, "Przepraszamy, jedzie komunikacja zastępcza.")),
    (18, "07:17", "piotr_dev", "Piotr", "pożar w pociągu? Jakie są informacje?", (10, "To zadymienie w wagonie 5, nikt nie ucierpiał.")),
    (18, "07:21", "ewa_n", "Ewa N", "żadnych komunikatów na dworcu, ludzie są wściekli", None),
    (18, "07:26", "tomek_z", "Tomek", "fatalna obsługa, zero informacji", None),
    (18, "07:33", "redakcja_3m", "Redakcja Trójmiasto", "jestem dziennikarzem, prosimy o komentarz w sprawie dymu w pociągu", (15, "Prosimy o kontakt z biurem prasowym, wysłaliśmy DM.")),
    (18, "07:38", "jola_b", "Jola B", "czy są poszkodowani?", (12, "Nikt nie został ranny.")),
    (18, "07:44", "krzys_p", "Krzysztof P", "kiedy pojedzie zastępcza komunikacja?", (30, "Autobusy odjeżdżają sprzed dworca od 08:30.")),
    (18, "07:49", "marta_s", "Marta S", "nigdy więcej waszych pociągów", None),
    (18, "07:55", "olek_g", "Olek", "jestem w tym pociągu, duszno i dym", (5, "Prosimy przejść do wagonu 1, tam jest bezpiecznie.")),
    (20, "21:30", "nocny_marek", "Marek", "ostatni pociąg z Gdańska był opóźniony 40 minut", None),
]
KOLEJ_X_DMS = [   # (day, hm, handle, text, answer)
    (19, "12:00", "ania_travels", "Dzień dobry, proszę o numer zgłoszenia w sprawie środowego opóźnienia",
     (20, "Dzień dobry, numer zgłoszenia to KP-2026-1118.")),
]
KOLEJ_YT = [   # (day, hm, viewer, text, answer)
    (16, "15:00", "Widz z Pomorza", "Kiedy nowe składy wjadą na linię do Słupska?", (45, "Od marca 2027.")),
    (17, "09:00", "Pasjonat Kolei", "Super film, pozdrawiam maszynistów!", None),
    (19, "19:00", "Jacek", "Czemu w nowych pociągach nie ma gniazdek?", (60, "Są, przy każdym stoliku.")),
]

NW_FB_POSTS = [
    ("200003_3001", (15, "12:00"), "Winter jackets are here", False, [
        (16, "10:00", "Emily Clarke", "Do you ship to Ireland?", (25, "Sam", "Hi Emily, yes, in 3-5 days.")),
        (16, "20:00", "James Wright", "My jacket zip broke after two weeks. Not happy.",
         (790, "Sam", "Sorry James, we have sent you a message.")),
        (18, "13:00", "Sophie Turner", "Love my new boots, thanks!", (5, "Sam", "Thanks Sophie!")),
        (20, "16:00", "Oliver Hughes", "Where is my order? It's been 10 days.", None),
    ]),
]
NW_FB_DMS = [
    ("t_200003001", "Grace Evans", "psid_ge", [
        (19, "11:00", "Hi, can I exchange a jacket for a bigger size?", (40, "Sam", "Hi Grace, of course, here is how.")),
    ]),
]
NW_IG_MEDIA = [
    ("17930000001", (16, "09:00"), "Dawn on Ben Nevis", [
        (17, "14:00", "hiker_jo", "Which tent would you recommend for Scotland in winter?", (30, None, "The Storm 2, without a doubt.")),
        (18, "09:30", "trailmum", "Stunning photo! 😍", (5, None, "Thank you!")),
        (20, "17:00", "cold_feet", "Ordered gloves, got socks. Please help", None),
    ]),
]
NW_IG_DMS = [
    ("aWdfbm9ydGh3aW5kMQ", "peak_bagger", "igsid_pb", [
        (19, "15:00", "Hi! Is the Summit 40 backpack back in stock?", (20, None, "Yes, since Monday!")),
    ]),
]
NW_X = [
    (16, "12:00", "dan_outdoors", "Dan", "your new rain jacket is brilliant, stayed dry all day", (30, "Great to hear, Dan!")),
    (17, "16:45", "lucy_runs", "Lucy", "website checkout keeps failing, is it down?", (990, "Sorry Lucy, it is fixed now.")),
    (19, "08:00", "mark_h", "Mark H", "any Black Friday deals coming?", (90, "Watch this space on Friday!")),
]
NW_YT = [
    (16, "18:00", "Alex Reid", "Great review of the Summit 40, what's the torso length?", (960, "It fits torsos of 45-52 cm.")),
    (18, "11:00", "Chris Bell", "Is the jacket fully waterproof or just water resistant?", (20, "Fully waterproof, 20,000 mm.")),
    (19, "14:00", "Nina Shah", "How does it compare to the older model?", None),
]


def fb_page(d, pid, name, posts, dms):
    pg = {"name": name, "posts": [], "ads_posts": [], "conversations": []}
    n = 0
    for post, (pd, phm), msg, ad, comments in posts:
        last = t(pd, phm)
        cs = []
        for day, hm, who, text, ans in comments:
            n += 1
            ct = t(day, hm)
            cid = "%s_%d" % (post, 7000 + n)
            cs.append({"id": cid, "created_time": graph(ct), "from": {"id": "fbu%d%03d" % (int(pid) % 10, n), "name": who},
                       "message": text, "like_count": 0, "is_hidden": False})
            last = max(last, ct)
            if ans:
                mins, agent, rt = ans
                at = ct + mins * 60
                cs.append({"id": "%s_%d" % (post, 8000 + n), "created_time": graph(at), "from": {"id": pid, "name": name},
                           "message": rt, "parent": {"id": cid}, "admin_creator": {"id": "ac_" + agent.lower(), "name": agent},
                           "like_count": 0, "is_hidden": False})
                last = max(last, at)
        cs.sort(key=lambda c: c["created_time"])
        d["graph"]["comments"][post] = cs
        pg["ads_posts" if ad else "posts"].append({"id": post, "created_time": graph(t(pd, phm)), "updated_time": graph(last), "message": msg})
    for conv, who, psid, msgs in dms:
        out = []
        k = 0
        for day, hm, text, ans in msgs:
            ct = t(day, hm)
            k += 1
            out.append({"id": "m_%s_%d" % (conv, k), "created_time": graph(ct), "from": {"id": psid, "name": who},
                        "to": {"data": [{"id": pid, "name": name}]}, "message": text})
            if ans:
                mins, agent, rt = ans
                k += 1
                out.append({"id": "m_%s_%d" % (conv, k), "created_time": graph(ct + mins * 60), "from": {"id": pid, "name": name},
                            "to": {"data": [{"id": psid, "name": who}]}, "message": rt})
        out.sort(key=lambda m: m["created_time"], reverse=True)
        pg["conversations"].append({"id": conv, "updated_time": out[0]["created_time"], "message_count": len(out),
                                    "participants": {"data": [{"id": psid, "name": who}, {"id": pid, "name": name}]},
                                    "messages": out})
    d["graph"]["pages"][pid] = pg


def ig_user(d, ig, username, media, dms):
    u = {"media": [], "conversations": []}
    n = 0
    for mid, (md, mhm), caption, comments in media:
        u["media"].append({"id": mid, "timestamp": graph(t(md, mhm)), "caption": caption, "media_type": "IMAGE"})
        cs = []
        for day, hm, who, text, ans in comments:
            n += 1
            ct = t(day, hm)
            c = {"id": "%s%03d" % (mid[:-3] + "5", n), "text": text, "timestamp": graph(ct), "username": who,
                 "from": {"id": "igu_" + who.replace(".", "_"), "username": who}, "like_count": 0, "hidden": False}
            if ans:
                mins, _agent, rt = ans
                c["replies"] = [{"id": "%s%03d" % (mid[:-3] + "6", n), "text": rt, "timestamp": graph(ct + mins * 60),
                                 "username": username, "from": {"id": ig, "username": username}, "parent_id": c["id"]}]
            cs.append(c)
        d["graph"]["ig_comments"][mid] = cs
    u["media"].sort(key=lambda m: m["timestamp"], reverse=True)
    for conv, who, igsid, msgs in dms:
        out = []
        k = 0
        for day, hm, text, ans in msgs:
            ct = t(day, hm)
            k += 1
            out.append({"id": "%s_m%d" % (conv, k), "created_time": graph(ct), "from": {"id": igsid, "username": who}, "message": text})
            if ans:
                mins, _agent, rt = ans
                k += 1
                out.append({"id": "%s_m%d" % (conv, k), "created_time": graph(ct + mins * 60), "from": {"id": ig, "username": username}, "message": rt})
        out.sort(key=lambda m: m["created_time"], reverse=True)
        u["conversations"].append({"id": conv, "updated_time": out[0]["created_time"], "platform": "instagram",
                                   "participants": {"data": [{"id": igsid, "username": who}, {"id": ig, "username": username}]},
                                   "messages": out})
    d["graph"]["ig_users"][ig] = u


def x_account(d, uid, handle, name, mentions, dms, lang):
    x = d["x"]
    x["users"][uid] = {"id": uid, "name": name, "username": handle}
    ms, tl = [], []
    for i, (day, hm, who, wname, text, ans) in enumerate(mentions):
        au = "9%s%02d" % (uid[-3:], i)
        x["users"][au] = {"id": au, "name": wname, "username": who}
        ct = t(day, hm)
        tid = snowflake(ct, i)
        ms.append({"id": tid, "text": "@%s %s" % (handle, text), "author_id": au, "created_at": z(ct, True),
                   "conversation_id": tid, "lang": lang, "in_reply_to_user_id": uid})
        if ans:
            mins, rt = ans
            at = ct + mins * 60
            rid = snowflake(at, 500 + i)
            tl.append({"id": rid, "text": "@%s %s" % (who, rt), "author_id": uid, "created_at": z(at, True),
                       "conversation_id": tid, "lang": lang, "in_reply_to_user_id": au,
                       "referenced_tweets": [{"type": "replied_to", "id": tid}]})
    x["mentions"][uid] = ms
    x["timeline"][uid] = tl
    if dms:
        ev = []
        for i, (day, hm, who, text, ans) in enumerate(dms):
            au = next(k for k, v in x["users"].items() if v["username"] == who)
            conv = "%s-%s" % (min(au, uid), max(au, uid))
            ct = t(day, hm)
            ev.append({"id": snowflake(ct, 900 + i), "event_type": "MessageCreate", "text": text, "sender_id": au,
                       "dm_conversation_id": conv, "created_at": z(ct, True)})
            if ans:
                mins, rt = ans
                ev.append({"id": snowflake(ct + mins * 60, 950 + i), "event_type": "MessageCreate", "text": rt, "sender_id": uid,
                           "dm_conversation_id": conv, "created_at": z(ct + mins * 60, True)})
        x["dm_events"][uid] = ev
        x["me"] = uid


def yt_channel(d, ch, name, video, comments):
    threads = []
    for i, (day, hm, who, text, ans) in enumerate(comments):
        ct = t(day, hm)
        tid = "Ugz%s%03d" % (ch[-6:], i)
        top = {"kind": "youtube#comment", "etag": "e", "id": tid,
               "snippet": {"channelId": ch, "videoId": video, "textDisplay": text, "textOriginal": text,
                           "authorDisplayName": who, "authorChannelId": {"value": "UCv" + who.replace(" ", "")},
                           "canRate": True, "viewerRating": "none", "likeCount": 0, "publishedAt": z(ct), "updatedAt": z(ct)}}
        th = {"kind": "youtube#commentThread", "etag": "e", "id": tid,
              "snippet": {"channelId": ch, "videoId": video, "topLevelComment": top, "canReply": True,
                          "totalReplyCount": 1 if ans else 0, "isPublic": True}}
        if ans:
            mins, rt = ans
            at = z(ct + mins * 60)
            th["replies"] = {"comments": [{"kind": "youtube#comment", "etag": "e", "id": tid + ".b1",
                                           "snippet": {"channelId": ch, "videoId": video, "parentId": tid, "textDisplay": rt,
                                                       "textOriginal": rt, "authorDisplayName": name,
                                                       "authorChannelId": {"value": ch}, "publishedAt": at, "updatedAt": at,
                                                       "likeCount": 0}}]}
        threads.append(th)
    d["youtube"]["threads"][ch] = threads


def gbp_location(d, loc, reviews):
    out = []
    for i, (day, hm, who, stars, text, ans) in enumerate(reviews):
        ct = t(day, hm)
        r = {"name": "%s/reviews/bm%04d" % (loc, i), "reviewId": "bm%04d" % i,
             "reviewer": {"displayName": who, "isAnonymous": False}, "starRating": stars,
             "comment": text, "createTime": z(ct), "updateTime": z(ct)}
        if ans:
            mins, rt = ans
            r["reviewReply"] = {"comment": rt, "updateTime": z(ct + mins * 60)}
            r["updateTime"] = r["reviewReply"]["updateTime"]
        out.append(r)
    d["gbp"][loc] = out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="tests/mock/agency.json")
    a = ap.parse_args()
    d = {"graph": {"pages": {}, "comments": {}, "ig_users": {}, "ig_comments": {}},
         "x": {"users": {}, "mentions": {}, "timeline": {}, "dm_events": {}},
         "youtube": {"threads": {}}, "gbp": {}}
    fb_page(d, "200001", "Bistro Mazurek", BISTRO_FB_POSTS, BISTRO_FB_DMS)
    ig_user(d, "178200001", "bistromazurek", BISTRO_IG_MEDIA, BISTRO_IG_DMS)
    gbp_location(d, "accounts/30001/locations/40001", BISTRO_REVIEWS)
    fb_page(d, "200002", "Kolej Pomorska", KOLEJ_FB_POSTS, KOLEJ_FB_DMS)
    x_account(d, "7100002", "KolejPomorska", "Kolej Pomorska", KOLEJ_X, KOLEJ_X_DMS, "pl")
    yt_channel(d, "UCkolejpomorska0002", "Kolej Pomorska", "vidimpuls01", KOLEJ_YT)
    fb_page(d, "200003", "Northwind Outdoor", NW_FB_POSTS, NW_FB_DMS)
    ig_user(d, "178200003", "northwind.outdoor", NW_IG_MEDIA, NW_IG_DMS)
    x_account(d, "7100003", "NorthwindOutdr", "Northwind Outdoor", NW_X, [], "en")
    yt_channel(d, "UCnorthwindoutdr0003", "Northwind Outdoor", "vidsummit40", NW_YT)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(d, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
