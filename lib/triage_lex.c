/*
 * triage_lex.c - the built-in Polish and English lexicons.
 *
 * Each class is a list of patterns separated by '|' (the same syntax as
 * rules.csv keywords: words, '*' at either end of a word for inflection,
 * several words for a phrase).  Patterns are written with diacritics for
 * the reader; they are folded when added, so they match text written
 * with or without them.  A pattern that starts with a negator ("nie
 * działa", "not happy") matches as written; a single word inside a
 * negation scope ("nie polecam") is counted as negated, which the
 * decision uses (negated praise is a complaint).
 *
 * A lexicon file (--lexicon) holds "CLASS PATTERN" lines; every class it
 * names replaces the built-in list of that class, the others stay.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "triage.h"

const char *const sc_lx_names[SC_LX_NCLASS] = {
	"crisis", "threat", "security", "legal", "media", "hate", "spam", "bug", "complaint", "churn", "question",
	"praise", "positive", "negative", "outage", "police", "exposure", "blame", "service"
};

static const char *const builtin[SC_LX_NCLASS] = {
	/* crisis: safety and health -> P1 complaint.  Polish words are lemmas
	   (hunspell matches every form); English lists its forms. */
	"pożar|pożar*|ogień|płomień|zapalić się|zapalił*|dym|dymić|dymi*|w dymie|"
	"wybuch|wybuchnąć|wybuchł*|eksplodować|eksplozja|iskrzyć|zwarcie|porażenie prądem|"
	"kopnąć prąd|gaz|gazem|zapach gazu|czad|tlenek węgla|"
	"zatrucie|zatruć|zatruty|zatruci*|zatrul*|salmonella|wymiotować|wymioty|biegunka|"
	"alergiczny|alergiczn*|anafilaktyczny|wstrząs|duszność|dusić się|"
	"zakrztusić|zakrztusił*|połknąć|połknął|połknęł*|puchnąć|spuchnąć|"
	"poparzony|pęcherz|pęcherze|zasłabł|"
	"kawałek szkło|kawałek metal|kawałek plastik|szkło w|robak|larwa|karaluch|"
	"szczur|pleśń|spleśniały|śruba w|gwóźdź|włos w|ciało obce|"
	"złamać * rękę|złamać * nogę|złamać * ząb|złamanie|krwawić|krwawienie|"
	"pokaleczyć|skaleczyć|rozciąć|przeciąć|założyć * szew|oparzyć|oparzenie|poparzyć|"
	"poparzenie|poparzył*|oparzył*|"
	"zemdleć|zemdlał*|omdlenie|stracić przytomność|nieprzytomny|zasłabnąć|zasłabł*|"
	"wypadek|wypadku|potrącić|zderzenie|poślizg|w rowie|upaść|przewrócić się|spaść na|"
	"urwać się|utopić|topić się|przytrzasnąć|przytrzasnęło|winda * stanąć|utknąć w windzie|"
	"uwięziony|rzucić * w * mamę|stuck in the lift|stuck in the elevator|"
	"nóż|nożem|=broń|z =bronią|pistolet|strzelać|maczeta|"
	"szpital|pogotowie|karetka|sor|sorze|straż pożarna|straż przyjechała|ratownik|"
	"kroplówka|adrenalina|epipen|"
	"dziecko * samo|bez opieki|zostawić * dziecko|zostawiliście * dziecko|"
	"zginąć|zginęli*|umrzeć|śmierć|zgon|zmarł*|mało brakowało|zagrożenie życia|"
	"zagrożenie zdrowia|"
	"molestowanie|molestować|nękać|nękanie|napastować|nachalny|boję się|"
	"samobój*|zabiję się|zabić się|odebrać sobie życie|chcę umrzeć|nie chce mi się żyć|"
	"fire|caught fire|on fire|flames|smoke|smoking|smoked out|explod*|explosion|sparks|"
	"electric shock|gas leak|smelled gas|smell gas|smell of gas|carbon monoxide|"
	"food poisoning|poisoned|poisoning|vomit*|throwing up|diarrh*|salmonella|"
	"allergic|anaphyla*|reaction to|throat is swelling|swelling|"
	"epipen|a&e|choking|choked|swallowed|"
	"glass in|piece of glass|a screw|screw in|metal in|plastic in|hair in|insect|"
	"worm|maggot*|cockroach*|rat in|mould|moldy|mouldy|"
	"injur*|hurt|cut my|cut the|stitches|bleeding|blood|burn|burns|burned|burnt|"
	"scald*|broke my|broken arm|broken leg|fracture*|"
	"fainted|faint|passed out|collapsed|unconscious|"
	"accident|crashed into|hit by|knocked over|fell over|fell down|fell off|slipped|"
	"nearly fell|could have fallen|kicked|railing * loose|evacuated|evacuation|"
	"knife|gun|weapon|stabbed|punched|assault*|attacked|"
	"hospital*|ambulance|paramedic*|emergency room|"
	"left alone|alone at|unattended|toddler|"
	"could have died|could've died|nearly died|almost died|death|"
	"harass*|stalk*|feel unsafe|unsafe|knows where i live|"
	"suicid*|kill myself|want to die|end my life",
	/* threat: violence against staff or premises -> P1 hate, escalated */
	"rozwalę * sklep|=rozwalę|=spalę|=spalimy|=podpalę|podpalić|=zabiję|=zabijemy|"
	"=zajebię|=pozabijam|=zatłukę|=połamię|=dorwę|wiem gdzie mieszka|"
	"wiem gdzie mieszkasz|wiem gdzie pracuje|niech uważa|pożałujesz|pożałujecie|"
	"=przyjdę z|bomba|bomby|zamach|zastrzelić|wysadzić|"
	"kill you|kill them|i will kill|i'll kill|burn * down|smash * up|smash the place|"
	"i know where|watch out tonight|watch your back|you'll regret|you will regret|"
	"come back with|shoot you|shoot up|bomb threat|a bomb|blow up the|hurt you|beat * up|"
	"get what's coming|burn your|smash your",
	/* security: breach, account takeover, fraud -> P1 complaint */
	"włamać się|włamał*|włamanie|zhakować|zhakowa*|shakowa*|przejąć * konto|"
	"przejęli * konto|przejęte konto|kradzież tożsamości|wyciek danych|wyciec * dane|"
	"wyciekły * dane|dane wyciekły|phishing|wyłudzać|wyłudzenie|podszywać się|"
	"nie zlecać|nie zlecałem|nie zlecałam|nie ja to|to nie ja|zmieniono hasło|"
	"kradzież karty|skradziony karta|skradziona karta|skradziono kartę|zastrzec kartę|"
	"wykorzystać * pesel|karta * w portfelu|"
	"hacked|hacker|data breach|breach|leaked data|data leak|data was leaked|"
	"taken over|compromised|phishing|fraudulent|fraud|unauthori*ed|identity theft|"
	"stolen card|stole my card|my card was stolen|card was stolen|never made|didn't make|did not make|changed my password|emptied|"
	"drained",
	/* legal: lawyers, courts, regulators -> P1 complaint */
	"uokik|rzecznik * konsument*|rzecznik praw|miejski rzecznik|prawnik|adwokat|"
	"radca prawny|pozew|pozwać|pozwę|pozwiemy|do sądu|w sądzie|prokurator*|"
	"kancelaria|kancelarii|wezwanie przedsądowe|przedsądow*|klauzule abuzywne|"
	"sanepid|inspekcja sanitarna|inspekcja handlowa|"
	"lawyer*|solicitor*|attorney*|lawsuit|sue you|suing|legal action|"
	"trading standards|ombudsman|small claims|citizens advice|watchdog|regulator|"
	"in court|to court|see you in court|letter before action|unfair contract terms",
	/* media: journalists and the press -> P1 question */
	"dziennikarz|dziennikarka|dziennikar*|redakcja|reportaż|reporter*|prasa|"
	"w mediach|do mediów|nagłośnić|telewizja|tvn|polsat|gazeta|rzecznik prasowy|"
	"biuro prasowe|prosić o komentarz|prosi o stanowisko|"
	"reporterka|reporterką|redakcji|opublikować|opublikują|radio|radia|"
	"journalist*|reporter*|press office|the guardian|the times|daily mail|the sun|press inquiry|newspaper|bbc|evening standard|"
	"writing a story|writing about|for comment|could your press|news desk|"
	"go to the press|going to the press|tell the papers",
	/* hate: vulgarity, insults, slurs -> hide */
	"kurw*|*kurwi*|chuj*|huj*|*pierdol*|jeb*|*jeba*|pizd*|skurwysyn*|spierdalaj|"
	"debil*|idiot*|kretyn*|cwel*|pedał*|pedal|ciota|szmato|dziwk*|zdychaj|zdechnij|"
	"ciapat*|czarnuch*|gówn*|gowno|suko|=śmieciu|głupi|głupia|głupie|głupek|durni*|dureń|świnio|bydło|"
	"gnid*|łajdak*|kłamc*|zdrajc*|pajac*|błazn*|ścierw*|szuj*|kanalia|hołot*|patologi*|frajer*|ciul*|"
	"cham|chamie|chamy|zamknij mordę|zamknij ryj|spadaj|spierdal*|wypierdal*|"
	"*fuck*|shit*|bullshit|bitch*|asshole*|cunt*|dickhead|bastard*|moron*|idiots|"
	"retard*|kill yourself|kys|nigger*|nigga*|faggot*|whore*|slut*|go to hell|stfu|"
	"idiota|debil|kretyn|pajac|krowa|gruba krowa|ciapaty|banda debili|ssać|ssijcie|"
	"pała|ryj|morda|zamknij ryj|wracajcie skąd przyszliście|korpo złodzieje|"
	"morons|clown|clowns|fat ugly|ugly cow|go back to your own country|"
	"and die|shut up",
	/* spam */
	"kliknij w link|kliknij tutaj|zarabiaj|zarób|zarobisz|zarobek|wygrałeś|wygrałaś|"
	"wygraj|kryptowalut*|bitcoin*|sprawdź mój|sprawdz moj|"
	"mój kanał|moj kanal|zapraszam na kanał|subskrybuj*|suba|obserwuj mnie|pisz priv|"
	"kasyno|kasyna|darmowe lajki|lajki|"
	"check out my|checkout my|my channel|my video|subscribe|subscribe to my|sub4sub|"
	"click here|earn money|make money|free money|work from home|crypto*|forex|casino|"
	"promo code|follow me|visit my|dm me|whatsapp me|telegram|giveaway|winner|"
	"you won|free followers|free likes|onlyfans|viagra|loan offer|check out|check us out|"
	"check this out|like this comment|please like|follow him|follow us|get money|my videos|"
	"my music|my project|vote for|sprawdźcie mój|sprawdźcie moj*|zobaczcie mój|wbijajcie|"
	"zapraszam na mój|zapraszam do mnie|obserwujcie|you have won|you've won|cash prize|"
	"claim your prize|free entry|wygrałeś nagrodę|odbierz nagrodę|"
	"follow4follow|f4f|oddam obserwacje|obserwacje|link w bio|link in bio|w moim profilu|"
	"darmowe kody|whatsapp|piszcie do niego|pisać do niego|napiszcie do|odzyskał * konto|"
	"odzyskał je|odzyskać konto|contact him|message him|recovered it|recovery services|"
	"hacking recovery|mentor|inwestuj|inwestować|zwrot 300%|10x returns|hot singles|"
	"singles in your area|collab|free spins|darmowych spinów|no deposit|bez depozytu|"
	"claim your|z kodem|with code|zapraszam na mój sklep|tanie lajki|cheap followers|"
	"cheap likes|£500 a day|500 zł dziennie",
	/* bug / outage -> P2 */
	"nie działa*|nie dziala*|przestał* działać|przestala dzialac|awari*|błąd|błędu|"
	"błędy|błędem|bug*|zawiesz*|zawiesza*|wywala*|crash*|nie mogę się zalogować|"
	"nie moge sie zalogowac|nie da się zalogować|nie mogę zalogować|logowani*|"
	"brak zasięgu|brak internetu|nie ma internetu|nie ma zasięgu|brak prądu|"
	"nie ma prądu|przerwa w dostawie|nie ładuje|nie łączy|nie otwiera|error|"
	"nie przechodzi|płatność nie przeszła|zacina*|laguje|offline|serwer padł|"
	"padła strona|padł system|system leży|strona leży|"
	"not working|doesn't work|does not work|isn't working|is not working|stopped working|"
	"is down|outage|glitch*|can't log in|cannot log in|can't login|cant login|"
	"unable to log*|won't load|wont load|not loading|keeps crashing|site down|app down|"
	"no signal|no service|no internet|broken|freezes|freezing|keeps freezing|crashes|"
	"stop working|stops working|keeps stopping|keeps skipping|drains|draining|won't open|"
	"won't start|nie włącza się|nie uruchamia się|"
	"wysypywać się|wysypuje się|się wysypuje|się wysypywać|crashuje|crashować|się sypie|"
	"leży od|padła|padło|website down|the website down|nothing loads|not going through|"
	"apka padła|aplikacja * martwa|jest martwa|nic się nie ładuje|nie ładuje się|"
	"błąd 500|błąd 502|błąd 503|500 error|502|503|error page|timeout|nie odpowiada|"
	"czarny ekran|brak sygnału|nie przychodzi|nie przyjmuje kart|nie przyjmuje płatności|"
	"płatność * odrzucona|odrzucona płatność|coś poszło nie tak|ups|zero zasięgu|"
	"brak zasięgu|zawiesza się|przestało działać|"
	"declined|spins forever|loading forever|keeps loading|is dead|website is dead|app is dead|"
	"not accepting|aren't accepting|won't accept|locked out|aren't arriving|isn't arriving|"
	"dropping|keeps dropping|something went wrong|all down|doesn't load|does not load|"
	"no signal|down at|tills * down|error when|throws an error",
	/* complaint */
	"reklamac*|zareklamow*|zwrot*|oddajcie|oszuk*|oszust*|skandal*|żenad*|porażk*|"
	"tragedi*|tragiczn*|fataln*|beznadziej*|najgorsz*|rozczarow*|zawiedz*|zawiod*|"
	"skarg*|uszkodz*|zepsut*|zepsuł*|spóźni*|opóźni*|nie dotarł*|nie doszł*|"
	"nie przyszł*|nie doszedł|utknęł*|utknął|nie dostałem|nie dostałam|czekam od|od tygodnia|od miesiąca|"
	"brak odpowiedzi|nikt nie odpisuje|nikt nie odbiera|zgubi*|zagin*|obciąż*|"
	"podwójnie|dwa razy|niezgodn*|wadliw*|nieśwież*|chamsk*|niemił*|kpina|kpin*|"
	"wstyd*|dramat*|masakr*|złodzie*|naciąga*|nie polecam|nie jestem zadowolon*|"
	"skradzion*|ukradzion*|ukradli|stolen|"
	"complain*|refund*|money back|charged twice|overcharg*|scam*|ripped off|"
	"terrible|awful|horrible|worst|disappoint*|unacceptable|ridiculous|rude|delayed|"
	"delay|delays|cancelled|canceled|lost my|lost luggage|damaged|never arrived|"
	"still waiting|no response|no answer|on hold|useless|pathetic|disgusting|"
	"not happy|not satisfied|not impressed|fix this|stuck|missed|missing|"
	"poor service|bad service|lied|liars|shame|reschedul*|problem with|problems with|"
	"issue with|issues with|having issues|problem z|problemy z|mam problem|przełożyli|"
	"przesunęli|"
	"w ogóle|ile można|jak można|jak to możliwe|to ma być|serio|żart|obiecanki|"
	"szkoda słów|mam dość|dzięki za nic|dziękuję za nic|przepadły|przepadł|bez uprzedzenia|"
	"zero informacji|podwyżka|nikt nie potrafił|nikt nie pomógł|rozkleić się|rozkleiły|"
	"przegrzewa|odrzucacie|odrzucić|zabraliście|wzięliście|nie zapukał|awizo|za drogo|"
	"niemiła|niemiły|przewracała oczami|zamiast|nie zgadza|poplamione|brudny|grzyb|"
	"pobraliście|pobrali|kolejny raz|trzeci raz|piąty raz|nie ma * reszty|gdzie reszta|"
	"przesuwacie|cisza|nie nalicz*|nie został naliczony|hasn't arrived|has not arrived|"
	"seriously|do you even|anyone actually|is anyone|had enough|fed up|thanks for nothing|"
	"without notice|zero notice|no notice|price rise|nobody could|nobody helped|"
	"couldn't care less|threw|ruined|rejected|wrong one|wrong size|instead of|"
	"nothing like|torn|ripped|dirty|mould|not a single reply|still haven't|haven't sent|"
	"this is theft|theft|cold food|charging for|hasn't shown up|loops",
	/* churn risk */
	"rezygnuj*|rezygnac*|zrezygnuj*|odchodzę|odejdę|zmieniam operatora|zmieniam bank|"
	"zmieniam sklep|przechodzę do|przejdę do|ostatni raz|nigdy więcej|więcej nie kupię|"
	"więcej nie zamówię|wypowiedzeni*|wypowiadam|zamykam konto|zamknijcie konto|"
	"konkurencj*|bojkot*|"
	"cancel my|cancelling|canceling my|switching to|switch to|never again|never fly|"
	"never use|never buy|last time|close my account|closing my account|leaving you|"
	"boycott*|unsubscribing|"
	"rezygnować|rezygnacja|wypowiedzenie|wypowiedzieć umowę|przenieść * konto|"
	"przenoszę|kończę współpracę|noga * nie postanie|odinstalować|odinstalowuję|"
	"kasować konto|kasuję konto|skasować konto|usunąć konto|żegnam|więcej nie kupię|"
	"cancel * contract|cancel * membership|cancelling my|moving to|switching|"
	"never ordering|lost a loyal customer|taking my business elsewhere|deleting the app|"
	"delete my account|done with you|i'm done with|leaving for",
	/* question */
	"jak|jaki|jaka|jakie|gdzie|kiedy|czy|ile|dlaczego|czemu|co z|można|pytanie|"
	"zapyta*|proszę o informac*|prosze o info|poproszę o|jak długo|godziny otwarcia|"
	"potrzebuję pomocy|pomocy|pomożecie|pomóżcie|pomoz*|doradzi*|"
	"how|what|when|where|why|which|can i|can you|could you|is there|do you|does|"
	"question|any idea|help|please advise|wondering|info|"
	"proszę o kontakt|prosze o kontakt|proszę o telefon|call me back|ring me back|"
	"reach me at|please contact me",
	/* praise */
	"dzięk*|dziek*|super|świetn*|wspaniał*|genialn*|rewelac*|polecam|kocham|uwielbiam|"
	"brawo|gratul*|najlepsz*|dobra robota|profesjonaln*|miła obsługa|zadowolon*|fajn*|"
	"ekstra|mistrz*|sztos|petarda|cudown*|piękn*|"
	"thank*|thx|great|awesome|amazing|excellent|love|loved|best|fantastic|wonderful|"
	"perfect|appreciate*|kudos|well done|recommend*|happy|satisfied|impressed|"
	"brilliant|superb|😍|🥰|❤|💕|💖|👏",
	/* positive (sentiment only) */
	"dobr*|dobrze|ok|okej|miło|mił*|szybk*|sprawn*|pomocn*|uprzejm*|ładn*|smaczn*|"
	"pyszn*|cieszę|radość|udało|lubię|lubie|kompetent*|rzeczow*|konkretn*|cierpliw*|"
	"życzliw*|sympatyczn*|serdeczn*|uśmiechnięt*|fachow*|pomógł*|pomogl*|"
	"spokojn*|delikatn*|dokładn*|rzeteln*|godny polecenia|godna polecenia|warto|"
	"bezproblemow*|punktualn*|"
	"good|nice|like|liked|glad|pleased|helpful|friendly|fast|quick|easy|cool|yay|enjoy*|smooth|"
	"😀|😃|😄|😁|😊|🙂|😘|👍|🙏|🎉|✨|💯",
	/* negative (sentiment only) */
	"zły|zła|złe|źle|słab*|kiepsk*|okropn*|straszn*|niestety|problem*|kłopot*|wkurz*|"
	"wkurw*|denerw*|irytuj*|smutn*|powoln*|nieprzyjem*|nieuprzejm*|bałagan|chaos|znowu|nadal|"
	"wciąż|czekam|nikt|spóźni*|niekompetent*|opryskliw*|arogan*|lekceważ*|zlekceważ*|"
	"strata czasu|nieprofesjonaln*|bezczeln*|odradzam|unikać|omijać|szkoda|olewa*|"
	"zbywa*|nie słucha|pomyłk*|błędn*|gorzej|gorsz*|pogorsz*|nieudoln*|niesmaczn*|"
	"bad|poor|worse|slow|sad|angry|mad|upset|annoyed|annoying|frustrat*|problem|"
	"problems|issue|issues|unfortunately|hate|sucks|sux|fail*|waste|wtf|ugh|grr*|late|"
	"waiting|wait|still|again|nobody|no one|lost|cancel*|hold|seriously|"
	"😡|😠|🤬|😤|😞|😢|😭|👎|💩|🙄|😒",
	/* outage: the brand's service is down or unusable (tag outage, the
	   crisis type of a P1); a broken product is not one */
	"awari*|leży|leży od|padła|padło|padł|apka padła|serwer padł|padła strona|padł system|"
	"system leży|strona leży|jest martwa|aplikacja * martwa|nic się nie ładuje|"
	"nie ładuje się|strona się nie otwiera|się nie otwiera|nie otwiera się|"
	"błąd 500|błąd 502|błąd 503|timeout|nie odpowiada|coś poszło nie tak|"
	"brak zasięgu|zero zasięgu|nie ma zasięgu|brak internetu|nie ma internetu|"
	"internet nie działa|brak prądu|nie ma prądu|przerwa w dostawie|brak sygnału|"
	"nie przyjmuje kart|nie przyjmuje płatności|płatność nie przechodzi|"
	"płatność nie przeszła|płatność * odrzucona|nie da się zapłacić|nie mogę zapłacić|"
	"nie mogę się zalogować|nie moge sie zalogowac|nie da się zalogować|nie mogę zalogować|"
	"nie mogę wejść na konto|nie przychodzi|nie działa w całym|w całym kraju|na całym osiedlu|"
	"u mnie też|u was też|nie działa * infolinia|infolinia nie działa|"
	"aplikacja nie działa|apka nie działa|strona nie działa|blik nie działa|"
	"przelew * nie działa|nie działa przelew|nie działa blik|nie działa aplikacja|"
	"wysypuje się|wysypywać się|się wysypuje|się wysypywać|crashuje|crashować|zawiesza się|"
	"zawiesza|website down|the website down|"
	"outage|is down|site down|app down|all down|tills * down|website is dead|app is dead|"
	"is dead|won't load|wont load|not loading|doesn't load|does not load|nothing loads|"
	"spins forever|loading forever|keeps loading|something went wrong|error page|500 error|"
	"can't log in|cannot log in|can't login|cant login|unable to log*|locked out|"
	"not accepting|aren't accepting|won't accept|not going through|declined|"
	"aren't arriving|isn't arriving|no signal|no service|no internet|keeps dropping|"
	"dropping every|keeps crashing|crashes|crashing|freezes|keeps freezing|"
	"anyone else|in my area|across the whole|app not working|website not working|"
	"site not working|app isn't working|app doesn't work",
	/* police: a report to the police -> P1, crisis type legal unless a
	   safety word says someone is hurt or in danger */
	"policja|policję|policji|policjant*|zawiadomienie|zgłoszenie na policję|"
	"police|called the cops|reported it to the police|crime reference",
	/* exposure: the brand showed or sent someone's data to others -> P1,
	   crisis type brand-fault */
	"w polu dw|w kopii do wszystkich|adresami wszystkich klientów|adresy wszystkich klientów|"
	"faktura innego klienta|dane innego klienta|adres innego klienta|konto innego klienta|"
	"zamówienie innego klienta|cudze konto|cudze dane|cudze przelewy|cudza faktura|"
	"someone else's order|someone else's details|someone else's data|someone else's account|"
	"someone else's invoice|someone else's address|another customer's|other customers' details|"
	"everyone's email addresses|everyone's emails|in the cc|cc'd everyone",
	/* blame: the fault is plainly the brand's; makes a data crisis
	   brand-fault */
	"z waszej winy|przez wasz błąd|wasz błąd|wasza wina|po waszej stronie|wyciekły od was|"
	"your fault|your mistake|your error|on your side|at your end|you leaked|you exposed",
	/* service: what a bug is in when it is an outage of the brand's
	   service, not a broken product (a bug with one of these is tagged
	   outage) */
	"aplikacja|apka|apki|aplikacji|app|strona|stronie|website|site|system|serwis|"
	"internet|sieć|zasięg|płatność|płatności|payment*|logowanie|login|konto|account|"
	"terminal|dekoder|karta|kartą|card|blik|przelew|bankowość|checkout|koszyk|basket|"
	"broadband|signal|sygnał|wifi|wi-fi|infolinia|hotline|kod sms|codes",
};

static const char *const negators =
	"nie|ani|nigdy|bez|żaden|żadna|żadne|"
	"not|no|never|don't|dont|doesn't|doesnt|didn't|didnt|isn't|isnt|wasn't|wasnt|"
	"aren't|arent|won't|wont|can't|cant|cannot|couldn't|wouldn't|shouldn't|nor|hardly";

static void
add_list(struct sc_matcher *m, const char *list, int owner)
{
	const char *p = list;

	while (*p) {
		const char *bar = strchr(p, '|');
		size_t n = bar ? (size_t)(bar - p) : strlen(p);
		char *w = sc_xstrndup(p, n);
		const char *why;

		if (owner < 0)
			sc_matcher_add_negator(m, w);
		else
			(void)sc_matcher_add(m, w, owner, &why);	/* built-ins are valid */
		free(w);
		p += n;
		if (*p == '|')
			p++;
	}
}

void
sc_lexicon_builtin(struct sc_matcher *m, unsigned skip)
{
	int c;

	for (c = 0; c < SC_LX_NCLASS; c++)
		if (!(skip & (1u << c)))
			add_list(m, builtin[c], c);
	if (!(skip & (1u << SC_LX_NCLASS)))
		add_list(m, negators, -1);
}

int
sc_lexicon_load(struct sc_matcher *m, const char *path, struct sc_error *e)
{
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	long lineno = 0;
	unsigned named = 0;
	struct ent {
		int cls;
		char *pat;
	} *v = NULL;
	size_t n = 0, i;
	int rc = 0;

	if (f == NULL)
		return sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "%s", strerror(errno));
	while ((got = getline(&line, &cap, f)) >= 0) {
		char *p = line, *q, *end;
		int c;
		lineno++;
		if (lineno == 1 && got >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			memmove(line, line + 3, (size_t)got - 2);	/* a UTF-8 BOM */
			got -= 3;
		}
		if ((q = memchr(line, '\0', (size_t)got)) != NULL) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, q - line + 1,
					  "NUL byte in a lexicon line");
			break;
		}
		while (got > 0 && (line[got - 1] == '\n' || line[got - 1] == '\r'))
			line[--got] = '\0';
		while (*p == ' ' || *p == '\t')
			p++;
		if (*p == '\0' || *p == '#')
			continue;
		q = p;
		while (*q && *q != ' ' && *q != '\t')
			q++;
		for (c = 0; c <= SC_LX_NCLASS; c++) {
			const char *name = c < SC_LX_NCLASS ? sc_lx_names[c] : "negator";
			if (strlen(name) == (size_t)(q - p) && memcmp(name, p, (size_t)(q - p)) == 0)
				break;
		}
		if (c > SC_LX_NCLASS) {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, p - line + 1,
					  "unknown class '%.*s' (want crisis, threat, security, legal, "
					  "media, hate, spam, bug, complaint, churn, question, praise, "
					  "positive, negative, outage, police, exposure, blame, service or "
					  "negator)", (int)(q - p), p);
			break;
		}
		while (*q == ' ' || *q == '\t')
			q++;
		end = q + strlen(q);
		while (end > q && (end[-1] == ' ' || end[-1] == '\t'))
			*--end = '\0';
		if (*q == '\0') {
			rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, q - line + 1,
					  "missing pattern after the class");
			break;
		}
		if (c < SC_LX_NCLASS) {
			struct sc_matcher *probe = sc_matcher_new();
			const char *why = NULL;
			int bad = sc_matcher_add(probe, q, 0, &why);
			sc_matcher_free(probe);
			if (bad < 0) {
				rc = sc_error_set(e, SC_EX_CONFIG, path, lineno, q - line + 1,
						  "bad pattern: %s", why);
				break;
			}
		}
		named |= 1u << c;
		v = sc_xrealloc(v, (n + 1) * sizeof(*v));
		v[n].cls = c;
		v[n].pat = sc_xstrdup(q);
		n++;
	}
	if (rc == 0 && ferror(f))
		rc = sc_error_set(e, SC_EX_CONFIG, path, 0, 0, "read error: %s", strerror(errno));
	fclose(f);
	free(line);
	if (rc == 0) {
		sc_lexicon_builtin(m, named);
		for (i = 0; i < n; i++) {
			const char *why;
			if (v[i].cls == SC_LX_NCLASS)
				sc_matcher_add_negator(m, v[i].pat);
			else
				(void)sc_matcher_add(m, v[i].pat, v[i].cls, &why);
		}
	}
	for (i = 0; i < n; i++)
		free(v[i].pat);
	free(v);
	return rc;
}
