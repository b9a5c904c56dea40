# triage.lex - the built-in lexicons of sc-triage(1), Polish and English.
#
# One "CLASS PATTERN" per line; blank lines and lines starting with #
# are skipped.  Patterns are those of sc(7) KEYWORD PATTERNS: words, "*"
# inside a word for any part of it, a lone "*" for any words, "=word" for
# the written form only; Polish words are lemmas (hunspell-pl matches
# every inflected form).  Written with diacritics for the reader; they
# are folded when loaded, so they match text without them too.
#
# This file is the source of the compiled-in lexicons (the build turns
# it into C) and is installed as $(DATADIR)/triage.lex (make install;
# DATADIR defaults to $(PREFIX)/share/sc).  Copy it, edit it and pass
# the copy with sc-triage -l FILE, or name it in SC_LEXICON: every class
# a file names replaces the built-in list of that class.
# Classes and what they decide: sc-triage(1), Lexicons and Precedence.

# crisis: safety and health -> P1 complaint. Polish words are lemmas (hunspell matches every form); English lists its forms.
crisis pożar
crisis pożar*
crisis ogień
crisis płomień
crisis zapalić się
crisis zapalił*
crisis dym
crisis dymić
crisis dymi*
crisis w dymie
crisis wybuch
crisis wybuchnąć
crisis wybuchł*
crisis eksplodować
crisis eksplozja
crisis iskrzyć
crisis zwarcie
crisis porażenie prądem
crisis kopnąć prąd
crisis gaz
crisis gazem
crisis zapach gazu
crisis czad
crisis tlenek węgla
crisis zatrucie
crisis zatruć
crisis zatruty
crisis zatruci*
crisis zatrul*
crisis salmonella
crisis wymiotować
crisis wymioty
crisis biegunka
crisis alergiczny
crisis alergiczn*
crisis anafilaktyczny
crisis wstrząs
crisis duszność
crisis dusić się
crisis zakrztusić
crisis zakrztusił*
crisis połknąć
crisis połknął
crisis połknęł*
crisis puchnąć
crisis spuchnąć
crisis poparzony
crisis pęcherz
crisis pęcherze
crisis zasłabł
crisis kawałek szkło
crisis kawałek metal
crisis kawałek plastik
crisis szkło w
crisis robak
crisis larwa
crisis karaluch
crisis szczur
crisis pleśń
crisis spleśniały
crisis śruba w
crisis gwóźdź
crisis włos w
crisis ciało obce
crisis złamać * rękę
crisis złamać * nogę
crisis złamać * ząb
crisis złamanie
crisis krwawić
crisis krwawienie
crisis pokaleczyć
crisis skaleczyć
crisis rozciąć
crisis przeciąć
crisis założyć * szew
crisis oparzyć
crisis oparzenie
crisis poparzyć
crisis poparzenie
crisis poparzył*
crisis oparzył*
crisis zemdleć
crisis zemdlał*
crisis omdlenie
crisis stracić przytomność
crisis nieprzytomny
crisis zasłabnąć
crisis zasłabł*
crisis wypadek
crisis wypadku
crisis potrącić
crisis zderzenie
crisis poślizg
crisis w rowie
crisis upaść
crisis przewrócić się
crisis spaść na
crisis urwać się
crisis utopić
crisis topić się
crisis przytrzasnąć
crisis przytrzasnęło
crisis winda * stanąć
crisis utknąć w windzie
crisis uwięziony
crisis rzucić * w * mamę
crisis stuck in the lift
crisis stuck in the elevator
crisis nóż
crisis nożem
crisis =broń
crisis z =bronią
crisis pistolet
crisis strzelać
crisis maczeta
crisis szpital
crisis pogotowie
crisis karetka
crisis sor
crisis sorze
crisis straż pożarna
crisis straż przyjechała
crisis ratownik
crisis kroplówka
crisis adrenalina
crisis epipen
crisis dziecko * samo
crisis bez opieki
crisis zostawić * dziecko
crisis zostawiliście * dziecko
crisis zginąć
crisis zginęli*
crisis umrzeć
crisis śmierć
crisis zgon
crisis zmarł*
crisis mało brakowało
crisis zagrożenie życia
crisis zagrożenie zdrowia
crisis molestowanie
crisis molestować
crisis nękać
crisis nękanie
crisis napastować
crisis nachalny
crisis boję się
crisis samobój*
crisis zabiję się
crisis zabić się
crisis odebrać sobie życie
crisis chcę umrzeć
crisis nie chce mi się żyć
crisis fire
crisis caught fire
crisis on fire
crisis flames
crisis smoke
crisis smoking
crisis smoked out
crisis explod*
crisis explosion
crisis sparks
crisis electric shock
crisis gas leak
crisis smelled gas
crisis smell gas
crisis smell of gas
crisis carbon monoxide
crisis food poisoning
crisis poisoned
crisis poisoning
crisis vomit*
crisis throwing up
crisis diarrh*
crisis salmonella
crisis allergic
crisis anaphyla*
crisis reaction to
crisis throat is swelling
crisis swelling
crisis epipen
crisis a&e
crisis choking
crisis choked
crisis swallowed
crisis glass in
crisis piece of glass
crisis a screw
crisis screw in
crisis metal in
crisis plastic in
crisis hair in
crisis insect
crisis worm
crisis maggot*
crisis cockroach*
crisis rat in
crisis mould
crisis moldy
crisis mouldy
crisis injur*
crisis hurt
crisis cut my
crisis cut the
crisis stitches
crisis bleeding
crisis blood
crisis burn
crisis burns
crisis burned
crisis burnt
crisis scald*
crisis broke my
crisis broken arm
crisis broken leg
crisis fracture*
crisis fainted
crisis faint
crisis passed out
crisis collapsed
crisis unconscious
crisis accident
crisis crashed into
crisis hit by
crisis knocked over
crisis fell over
crisis fell down
crisis fell off
crisis slipped
crisis nearly fell
crisis could have fallen
crisis kicked
crisis railing * loose
crisis evacuated
crisis evacuation
crisis knife
crisis gun
crisis weapon
crisis stabbed
crisis punched
crisis assault*
crisis attacked
crisis hospital*
crisis ambulance
crisis paramedic*
crisis emergency room
crisis left alone
crisis alone at
crisis unattended
crisis toddler
crisis could have died
crisis could've died
crisis nearly died
crisis almost died
crisis death
crisis harass*
crisis stalk*
crisis feel unsafe
crisis unsafe
crisis knows where i live
crisis suicid*
crisis kill myself
crisis want to die
crisis end my life

# threat: violence against staff or premises -> P1 hate, escalated
threat rozwalę * sklep
threat =rozwalę
threat =spalę
threat =spalimy
threat =podpalę
threat podpalić
threat =zabiję
threat =zabijemy
threat =zajebię
threat =pozabijam
threat =zatłukę
threat =połamię
threat =dorwę
threat wiem gdzie mieszka
threat wiem gdzie mieszkasz
threat wiem gdzie pracuje
threat niech uważa
threat pożałujesz
threat pożałujecie
threat =przyjdę z
threat bomba
threat bomby
threat zamach
threat zastrzelić
threat wysadzić
threat kill you
threat kill them
threat i will kill
threat i'll kill
threat burn * down
threat smash * up
threat smash the place
threat i know where
threat watch out tonight
threat watch your back
threat you'll regret
threat you will regret
threat come back with
threat shoot you
threat shoot up
threat bomb threat
threat a bomb
threat blow up the
threat hurt you
threat beat * up
threat get what's coming
threat burn your
threat smash your

# security: breach, account takeover, fraud -> P1 complaint
security włamać się
security włamał*
security włamanie
security zhakować
security zhakowa*
security shakowa*
security przejąć * konto
security przejęli * konto
security przejęte konto
security kradzież tożsamości
security wyciek danych
security wyciec * dane
security wyciekły * dane
security dane wyciekły
security phishing
security wyłudzać
security wyłudzenie
security podszywać się
security nie zlecać
security nie zlecałem
security nie zlecałam
security nie ja to
security to nie ja
security zmieniono hasło
security kradzież karty
security skradziony karta
security skradziona karta
security skradziono kartę
security zastrzec kartę
security wykorzystać * pesel
security karta * w portfelu
security hacked
security hacker
security data breach
security breach
security leaked data
security data leak
security data was leaked
security taken over
security compromised
security phishing
security fraudulent
security fraud
security unauthori*ed
security identity theft
security stolen card
security stole my card
security my card was stolen
security card was stolen
security never made
security didn't make
security did not make
security changed my password
security emptied
security drained

# legal: lawyers, courts, regulators -> P1 complaint
legal uokik
legal rzecznik * konsument*
legal rzecznik praw
legal miejski rzecznik
legal prawnik
legal adwokat
legal radca prawny
legal pozew
legal pozwać
legal pozwę
legal pozwiemy
legal do sądu
legal w sądzie
legal prokurator*
legal kancelaria
legal kancelarii
legal wezwanie przedsądowe
legal przedsądow*
legal klauzule abuzywne
legal sanepid
legal inspekcja sanitarna
legal inspekcja handlowa
legal lawyer*
legal solicitor*
legal attorney*
legal lawsuit
legal sue you
legal suing
legal legal action
legal trading standards
legal ombudsman
legal small claims
legal citizens advice
legal watchdog
legal regulator
legal in court
legal to court
legal see you in court
legal letter before action
legal unfair contract terms

# media: journalists and the press -> P1 question
media dziennikarz
media dziennikarka
media dziennikar*
media redakcja
media reportaż
media reporter*
media prasa
media w mediach
media do mediów
media nagłośnić
media telewizja
media tvn
media polsat
media gazeta
media rzecznik prasowy
media biuro prasowe
media prosić o komentarz
media prosi o stanowisko
media reporterka
media reporterką
media redakcji
media opublikować
media opublikują
media radio
media radia
media journalist*
media reporter*
media press office
media the guardian
media the times
media daily mail
media the sun
media press inquiry
media newspaper
media bbc
media evening standard
media writing a story
media writing about
media for comment
media could your press
media news desk
media go to the press
media going to the press
media tell the papers

# hate: vulgarity, insults, slurs -> hide
hate kurw*
hate *kurwi*
hate chuj*
hate huj*
hate *pierdol*
hate jeb*
hate *jeba*
hate pizd*
hate skurwysyn*
hate spierdalaj
hate debil*
hate idiot*
hate kretyn*
hate cwel*
hate pedał*
hate pedal
hate ciota
hate szmato
hate dziwk*
hate zdychaj
hate zdechnij
hate ciapat*
hate czarnuch*
hate gówn*
hate gowno
hate suko
hate =śmieciu
hate głupi
hate głupia
hate głupie
hate głupek
hate durni*
hate dureń
hate świnio
hate bydło
hate gnid*
hate łajdak*
hate kłamc*
hate zdrajc*
hate pajac*
hate błazn*
hate ścierw*
hate szuj*
hate kanalia
hate hołot*
hate patologi*
hate frajer*
hate ciul*
hate cham
hate chamie
hate chamy
hate zamknij mordę
hate zamknij ryj
hate spadaj
hate spierdal*
hate wypierdal*
hate *fuck*
hate shit*
hate bullshit
hate bitch*
hate asshole*
hate cunt*
hate dickhead
hate bastard*
hate moron*
hate idiots
hate retard*
hate kill yourself
hate kys
hate nigger*
hate nigga*
hate faggot*
hate whore*
hate slut*
hate go to hell
hate stfu
hate idiota
hate debil
hate kretyn
hate pajac
hate krowa
hate gruba krowa
hate ciapaty
hate banda debili
hate ssać
hate ssijcie
hate pała
hate ryj
hate morda
hate zamknij ryj
hate wracajcie skąd przyszliście
hate korpo złodzieje
hate morons
hate clown
hate clowns
hate fat ugly
hate ugly cow
hate go back to your own country
hate and die
hate shut up

# spam: spam
spam kliknij w link
spam kliknij tutaj
spam zarabiaj
spam zarób
spam zarobisz
spam zarobek
spam wygrałeś
spam wygrałaś
spam wygraj
spam kryptowalut*
spam bitcoin*
spam sprawdź mój
spam sprawdz moj
spam mój kanał
spam moj kanal
spam zapraszam na kanał
spam subskrybuj*
spam suba
spam obserwuj mnie
spam pisz priv
spam kasyno
spam kasyna
spam darmowe lajki
spam lajki
spam check out my
spam checkout my
spam my channel
spam my video
spam subscribe
spam subscribe to my
spam sub4sub
spam click here
spam earn money
spam make money
spam free money
spam work from home
spam crypto*
spam forex
spam casino
spam promo code
spam follow me
spam visit my
spam dm me
spam whatsapp me
spam telegram
spam giveaway
spam winner
spam you won
spam free followers
spam free likes
spam onlyfans
spam viagra
spam loan offer
spam check out
spam check us out
spam check this out
spam like this comment
spam please like
spam follow him
spam follow us
spam get money
spam my videos
spam my music
spam my project
spam vote for
spam sprawdźcie mój
spam sprawdźcie moj*
spam zobaczcie mój
spam wbijajcie
spam zapraszam na mój
spam zapraszam do mnie
spam obserwujcie
spam you have won
spam you've won
spam cash prize
spam claim your prize
spam free entry
spam wygrałeś nagrodę
spam odbierz nagrodę
spam follow4follow
spam f4f
spam oddam obserwacje
spam obserwacje
spam link w bio
spam link in bio
spam w moim profilu
spam darmowe kody
spam whatsapp
spam piszcie do niego
spam pisać do niego
spam napiszcie do
spam odzyskał * konto
spam odzyskał je
spam odzyskać konto
spam contact him
spam message him
spam recovered it
spam recovery services
spam hacking recovery
spam mentor
spam inwestuj
spam inwestować
spam zwrot 300%
spam 10x returns
spam hot singles
spam singles in your area
spam collab
spam free spins
spam darmowych spinów
spam no deposit
spam bez depozytu
spam claim your
spam z kodem
spam with code
spam zapraszam na mój sklep
spam tanie lajki
spam cheap followers
spam cheap likes
spam £500 a day
spam 500 zł dziennie

# bug: bug / outage -> P2
bug nie działa*
bug nie dziala*
bug przestał* działać
bug przestala dzialac
bug awari*
bug błąd
bug błędu
bug błędy
bug błędem
bug bug*
bug zawiesz*
bug zawiesza*
bug wywala*
bug crash*
bug nie mogę się zalogować
bug nie moge sie zalogowac
bug nie da się zalogować
bug nie mogę zalogować
bug logowani*
bug brak zasięgu
bug brak internetu
bug nie ma internetu
bug nie ma zasięgu
bug brak prądu
bug nie ma prądu
bug przerwa w dostawie
bug nie ładuje
bug nie łączy
bug nie otwiera
bug error
bug nie przechodzi
bug płatność nie przeszła
bug zacina*
bug laguje
bug offline
bug serwer padł
bug padła strona
bug padł system
bug system leży
bug strona leży
bug not working
bug doesn't work
bug does not work
bug isn't working
bug is not working
bug stopped working
bug is down
bug outage
bug glitch*
bug can't log in
bug cannot log in
bug can't login
bug cant login
bug unable to log*
bug won't load
bug wont load
bug not loading
bug keeps crashing
bug site down
bug app down
bug no signal
bug no service
bug no internet
bug broken
bug freezes
bug freezing
bug keeps freezing
bug crashes
bug stop working
bug stops working
bug keeps stopping
bug keeps skipping
bug drains
bug draining
bug won't open
bug won't start
bug nie włącza się
bug nie uruchamia się
bug wysypywać się
bug wysypuje się
bug się wysypuje
bug się wysypywać
bug crashuje
bug crashować
bug się sypie
bug leży od
bug padła
bug padło
bug website down
bug the website down
bug nothing loads
bug not going through
bug apka padła
bug aplikacja * martwa
bug jest martwa
bug nic się nie ładuje
bug nie ładuje się
bug błąd 500
bug błąd 502
bug błąd 503
bug 500 error
bug 502
bug 503
bug error page
bug timeout
bug nie odpowiada
bug czarny ekran
bug brak sygnału
bug nie przychodzi
bug nie przyjmuje kart
bug nie przyjmuje płatności
bug płatność * odrzucona
bug odrzucona płatność
bug coś poszło nie tak
bug ups
bug zero zasięgu
bug brak zasięgu
bug zawiesza się
bug przestało działać
bug declined
bug spins forever
bug loading forever
bug keeps loading
bug is dead
bug website is dead
bug app is dead
bug not accepting
bug aren't accepting
bug won't accept
bug locked out
bug aren't arriving
bug isn't arriving
bug dropping
bug keeps dropping
bug something went wrong
bug all down
bug doesn't load
bug does not load
bug no signal
bug down at
bug tills * down
bug error when
bug throws an error

# complaint: complaint
complaint reklamac*
complaint zareklamow*
complaint zwrot*
complaint oddajcie
complaint oszuk*
complaint oszust*
complaint skandal*
complaint żenad*
complaint porażk*
complaint tragedi*
complaint tragiczn*
complaint fataln*
complaint beznadziej*
complaint najgorsz*
complaint rozczarow*
complaint zawiedz*
complaint zawiod*
complaint skarg*
complaint uszkodz*
complaint zepsut*
complaint zepsuł*
complaint spóźni*
complaint opóźni*
complaint nie dotarł*
complaint nie doszł*
complaint nie przyszł*
complaint nie doszedł
complaint utknęł*
complaint utknął
complaint nie dostałem
complaint nie dostałam
complaint czekam od
complaint od tygodnia
complaint od miesiąca
complaint brak odpowiedzi
complaint nikt nie odpisuje
complaint nikt nie odbiera
complaint zgubi*
complaint zagin*
complaint obciąż*
complaint podwójnie
complaint dwa razy
complaint niezgodn*
complaint wadliw*
complaint nieśwież*
complaint chamsk*
complaint niemił*
complaint kpina
complaint kpin*
complaint wstyd*
complaint dramat*
complaint masakr*
complaint złodzie*
complaint naciąga*
complaint nie polecam
complaint nie jestem zadowolon*
complaint skradzion*
complaint ukradzion*
complaint ukradli
complaint stolen
complaint complain*
complaint refund*
complaint money back
complaint charged twice
complaint overcharg*
complaint scam*
complaint ripped off
complaint terrible
complaint awful
complaint horrible
complaint worst
complaint disappoint*
complaint unacceptable
complaint ridiculous
complaint rude
complaint delayed
complaint delay
complaint delays
complaint cancelled
complaint canceled
complaint lost my
complaint lost luggage
complaint damaged
complaint never arrived
complaint still waiting
complaint no response
complaint no answer
complaint on hold
complaint useless
complaint pathetic
complaint disgusting
complaint not happy
complaint not satisfied
complaint not impressed
complaint fix this
complaint stuck
complaint missed
complaint missing
complaint poor service
complaint bad service
complaint lied
complaint liars
complaint shame
complaint reschedul*
complaint problem with
complaint problems with
complaint issue with
complaint issues with
complaint having issues
complaint problem z
complaint problemy z
complaint mam problem
complaint przełożyli
complaint przesunęli
complaint w ogóle
complaint ile można
complaint jak można
complaint jak to możliwe
complaint to ma być
complaint serio
complaint żart
complaint obiecanki
complaint szkoda słów
complaint mam dość
complaint dzięki za nic
complaint dziękuję za nic
complaint przepadły
complaint przepadł
complaint bez uprzedzenia
complaint zero informacji
complaint podwyżka
complaint nikt nie potrafił
complaint nikt nie pomógł
complaint rozkleić się
complaint rozkleiły
complaint przegrzewa
complaint odrzucacie
complaint odrzucić
complaint zabraliście
complaint wzięliście
complaint nie zapukał
complaint awizo
complaint za drogo
complaint niemiła
complaint niemiły
complaint przewracała oczami
complaint zamiast
complaint nie zgadza
complaint poplamione
complaint brudny
complaint grzyb
complaint pobraliście
complaint pobrali
complaint kolejny raz
complaint trzeci raz
complaint piąty raz
complaint nie ma * reszty
complaint gdzie reszta
complaint przesuwacie
complaint cisza
complaint nie nalicz*
complaint nie został naliczony
complaint hasn't arrived
complaint has not arrived
complaint seriously
complaint do you even
complaint anyone actually
complaint is anyone
complaint had enough
complaint fed up
complaint thanks for nothing
complaint without notice
complaint zero notice
complaint no notice
complaint price rise
complaint nobody could
complaint nobody helped
complaint couldn't care less
complaint threw
complaint ruined
complaint rejected
complaint wrong one
complaint wrong size
complaint instead of
complaint nothing like
complaint torn
complaint ripped
complaint dirty
complaint mould
complaint not a single reply
complaint still haven't
complaint haven't sent
complaint this is theft
complaint theft
complaint cold food
complaint charging for
complaint hasn't shown up
complaint loops

# churn: churn risk
churn rezygnuj*
churn rezygnac*
churn zrezygnuj*
churn odchodzę
churn odejdę
churn zmieniam operatora
churn zmieniam bank
churn zmieniam sklep
churn przechodzę do
churn przejdę do
churn ostatni raz
churn nigdy więcej
churn więcej nie kupię
churn więcej nie zamówię
churn wypowiedzeni*
churn wypowiadam
churn zamykam konto
churn zamknijcie konto
churn konkurencj*
churn bojkot*
churn cancel my
churn cancelling
churn canceling my
churn switching to
churn switch to
churn never again
churn never fly
churn never use
churn never buy
churn last time
churn close my account
churn closing my account
churn leaving you
churn boycott*
churn unsubscribing
churn rezygnować
churn rezygnacja
churn wypowiedzenie
churn wypowiedzieć umowę
churn przenieść * konto
churn przenoszę
churn kończę współpracę
churn noga * nie postanie
churn odinstalować
churn odinstalowuję
churn kasować konto
churn kasuję konto
churn skasować konto
churn usunąć konto
churn żegnam
churn więcej nie kupię
churn cancel * contract
churn cancel * membership
churn cancelling my
churn moving to
churn switching
churn never ordering
churn lost a loyal customer
churn taking my business elsewhere
churn deleting the app
churn delete my account
churn done with you
churn i'm done with
churn leaving for

# question: question
question jak
question jaki
question jaka
question jakie
question gdzie
question kiedy
question czy
question ile
question dlaczego
question czemu
question co z
question można
question pytanie
question zapyta*
question proszę o informac*
question prosze o info
question poproszę o
question jak długo
question godziny otwarcia
question potrzebuję pomocy
question pomocy
question pomożecie
question pomóżcie
question pomoz*
question doradzi*
question how
question what
question when
question where
question why
question which
question can i
question can you
question could you
question is there
question do you
question does
question question
question any idea
question help
question please advise
question wondering
question info
question proszę o kontakt
question prosze o kontakt
question proszę o telefon
question call me back
question ring me back
question reach me at
question please contact me

# praise: praise
praise dzięk*
praise dziek*
praise super
praise świetn*
praise wspaniał*
praise genialn*
praise rewelac*
praise polecam
praise kocham
praise uwielbiam
praise brawo
praise gratul*
praise najlepsz*
praise dobra robota
praise profesjonaln*
praise miła obsługa
praise zadowolon*
praise fajn*
praise ekstra
praise mistrz*
praise sztos
praise petarda
praise cudown*
praise piękn*
praise thank*
praise thx
praise great
praise awesome
praise amazing
praise excellent
praise love
praise loved
praise best
praise fantastic
praise wonderful
praise perfect
praise appreciate*
praise kudos
praise well done
praise recommend*
praise happy
praise satisfied
praise impressed
praise brilliant
praise superb
praise 😍
praise 🥰
praise ❤
praise 💕
praise 💖
praise 👏

# positive: positive (sentiment only)
positive dobr*
positive dobrze
positive ok
positive okej
positive miło
positive mił*
positive szybk*
positive sprawn*
positive pomocn*
positive uprzejm*
positive ładn*
positive smaczn*
positive pyszn*
positive cieszę
positive radość
positive udało
positive lubię
positive lubie
positive kompetent*
positive rzeczow*
positive konkretn*
positive cierpliw*
positive życzliw*
positive sympatyczn*
positive serdeczn*
positive uśmiechnięt*
positive fachow*
positive pomógł*
positive pomogl*
positive spokojn*
positive delikatn*
positive dokładn*
positive rzeteln*
positive godny polecenia
positive godna polecenia
positive warto
positive bezproblemow*
positive punktualn*
positive good
positive nice
positive like
positive liked
positive glad
positive pleased
positive helpful
positive friendly
positive fast
positive quick
positive easy
positive cool
positive yay
positive enjoy*
positive smooth
positive 😀
positive 😃
positive 😄
positive 😁
positive 😊
positive 🙂
positive 😘
positive 👍
positive 🙏
positive 🎉
positive ✨
positive 💯

# negative: negative (sentiment only)
negative zły
negative zła
negative złe
negative źle
negative słab*
negative kiepsk*
negative okropn*
negative straszn*
negative niestety
negative problem*
negative kłopot*
negative wkurz*
negative wkurw*
negative denerw*
negative irytuj*
negative smutn*
negative powoln*
negative nieprzyjem*
negative nieuprzejm*
negative bałagan
negative chaos
negative znowu
negative nadal
negative wciąż
negative czekam
negative nikt
negative spóźni*
negative niekompetent*
negative opryskliw*
negative arogan*
negative lekceważ*
negative zlekceważ*
negative strata czasu
negative nieprofesjonaln*
negative bezczeln*
negative odradzam
negative unikać
negative omijać
negative szkoda
negative olewa*
negative zbywa*
negative nie słucha
negative pomyłk*
negative błędn*
negative gorzej
negative gorsz*
negative pogorsz*
negative nieudoln*
negative niesmaczn*
negative bad
negative poor
negative worse
negative slow
negative sad
negative angry
negative mad
negative upset
negative annoyed
negative annoying
negative frustrat*
negative problem
negative problems
negative issue
negative issues
negative unfortunately
negative hate
negative sucks
negative sux
negative fail*
negative waste
negative wtf
negative ugh
negative grr*
negative late
negative waiting
negative wait
negative still
negative again
negative nobody
negative no one
negative lost
negative cancel*
negative hold
negative seriously
negative 😡
negative 😠
negative 🤬
negative 😤
negative 😞
negative 😢
negative 😭
negative 👎
negative 💩
negative 🙄
negative 😒

# outage: the brand's service is down or unusable (tag outage, the crisis type of a P1); a broken product is not one
outage awari*
outage leży
outage leży od
outage padła
outage padło
outage padł
outage apka padła
outage serwer padł
outage padła strona
outage padł system
outage system leży
outage strona leży
outage jest martwa
outage aplikacja * martwa
outage nic się nie ładuje
outage nie ładuje się
outage strona się nie otwiera
outage się nie otwiera
outage nie otwiera się
outage błąd 500
outage błąd 502
outage błąd 503
outage timeout
outage nie odpowiada
outage coś poszło nie tak
outage brak zasięgu
outage zero zasięgu
outage nie ma zasięgu
outage brak internetu
outage nie ma internetu
outage internet nie działa
outage brak prądu
outage nie ma prądu
outage przerwa w dostawie
outage brak sygnału
outage nie przyjmuje kart
outage nie przyjmuje płatności
outage płatność nie przechodzi
outage płatność nie przeszła
outage płatność * odrzucona
outage nie da się zapłacić
outage nie mogę zapłacić
outage nie mogę się zalogować
outage nie moge sie zalogowac
outage nie da się zalogować
outage nie mogę zalogować
outage nie mogę wejść na konto
outage nie przychodzi
outage nie działa w całym
outage w całym kraju
outage na całym osiedlu
outage u mnie też
outage u was też
outage nie działa * infolinia
outage infolinia nie działa
outage aplikacja nie działa
outage apka nie działa
outage strona nie działa
outage blik nie działa
outage przelew * nie działa
outage nie działa przelew
outage nie działa blik
outage nie działa aplikacja
outage wysypuje się
outage wysypywać się
outage się wysypuje
outage się wysypywać
outage crashuje
outage crashować
outage zawiesza się
outage zawiesza
outage website down
outage the website down
outage outage
outage is down
outage site down
outage app down
outage all down
outage tills * down
outage website is dead
outage app is dead
outage is dead
outage won't load
outage wont load
outage not loading
outage doesn't load
outage does not load
outage nothing loads
outage spins forever
outage loading forever
outage keeps loading
outage something went wrong
outage error page
outage 500 error
outage can't log in
outage cannot log in
outage can't login
outage cant login
outage unable to log*
outage locked out
outage not accepting
outage aren't accepting
outage won't accept
outage not going through
outage declined
outage aren't arriving
outage isn't arriving
outage no signal
outage no service
outage no internet
outage keeps dropping
outage dropping every
outage keeps crashing
outage crashes
outage crashing
outage freezes
outage keeps freezing
outage anyone else
outage in my area
outage across the whole
outage app not working
outage website not working
outage site not working
outage app isn't working
outage app doesn't work

# police: a report to the police -> P1, crisis type legal unless a safety word says someone is hurt or in danger
police policja
police policję
police policji
police policjant*
police zawiadomienie
police zgłoszenie na policję
police police
police called the cops
police reported it to the police
police crime reference

# exposure: the brand showed or sent someone's data to others -> P1, crisis type brand-fault
exposure w polu dw
exposure w kopii do wszystkich
exposure adresami wszystkich klientów
exposure adresy wszystkich klientów
exposure faktura innego klienta
exposure dane innego klienta
exposure adres innego klienta
exposure konto innego klienta
exposure zamówienie innego klienta
exposure cudze konto
exposure cudze dane
exposure cudze przelewy
exposure cudza faktura
exposure someone else's order
exposure someone else's details
exposure someone else's data
exposure someone else's account
exposure someone else's invoice
exposure someone else's address
exposure another customer's
exposure other customers' details
exposure everyone's email addresses
exposure everyone's emails
exposure in the cc
exposure cc'd everyone

# blame: the fault is plainly the brand's; makes a data crisis brand-fault
blame z waszej winy
blame przez wasz błąd
blame wasz błąd
blame wasza wina
blame po waszej stronie
blame wyciekły od was
blame your fault
blame your mistake
blame your error
blame on your side
blame at your end
blame you leaked
blame you exposed

# service: what a bug is in when it is an outage of the brand's service, not a broken product (a bug with one of these is tagged outage)
service aplikacja
service apka
service apki
service aplikacji
service app
service strona
service stronie
service website
service site
service system
service serwis
service internet
service sieć
service zasięg
service płatność
service płatności
service payment*
service logowanie
service login
service konto
service account
service terminal
service dekoder
service karta
service kartą
service card
service blik
service przelew
service bankowość
service checkout
service koszyk
service basket
service broadband
service signal
service sygnał
service wifi
service wi-fi
service infolinia
service hotline
service kod sms
service codes

# negators: words that open a negation scope ("nie polecam", "not happy")
negator nie
negator ani
negator nigdy
negator bez
negator żaden
negator żadna
negator żadne
negator not
negator no
negator never
negator don't
negator dont
negator doesn't
negator doesnt
negator didn't
negator didnt
negator isn't
negator isnt
negator wasn't
negator wasnt
negator aren't
negator arent
negator won't
negator wont
negator can't
negator cant
negator cannot
negator couldn't
negator wouldn't
negator shouldn't
negator nor
negator hardly
