/*
 * reply_nicknames.c - what a formal Polish greeting needs beyond the
 * vocative: the full first name behind a diminutive (Kuba -> Jakub, Gosia
 * -> Małgorzata, Jurek -> Jerzy), so "Panie Jakubie," greets a customer who
 * signs as Kuba while the informal "Cześć Kubo," keeps the short form; and
 * common English first names, so an English greeting finds "Dave" in
 * "Outdoor Dave" and nothing in "Northwind Fans UK".
 *
 * Sources (facts, not copied text): the diminutive-to-name pairs are the
 * usual ones given in J. Grzenia, "Słownik imion", Wydawnictwo Naukowe PWN
 * 2002, and in the Wikisłownik entries of each first name ("zdrobnienia");
 * only pairs where the short form points to one full name in ordinary use
 * are listed (Ola -> Aleksandra, not Olga; Ela -> Elżbieta): a short form
 * with two common full names (Ala: Alicja or Alina; Gienia: Eugenia or
 * Genowefa) is left out, and a formal greeting then uses no name rather
 * than a guess.  The English names are common given names in the UK and
 * US (ONS "Baby names in England and Wales" and SSA lists of the most
 * popular names, their usual short forms added).  See
 * tests/data/reply/PROVENANCE.md.
 *
 * Also here: the two tests on a whole display name that decide a greeting
 * goes without a name (two people in it; a word that only looks like a
 * name).
 */
#include <string.h>
#include <strings.h>

#include "reply.h"

static const struct {
	const char *dim, *full;
} dims[] = {
	/* women */
	{"Ania", "Anna"}, {"Hania", "Hanna"}, {"Kasia", "Katarzyna"}, {"Basia", "Barbara"},
	{"Gosia", "Małgorzata"}, {"Asia", "Joanna"}, {"Zosia", "Zofia"}, {"Marysia", "Maria"},
	{"Ola", "Aleksandra"}, {"Ela", "Elżbieta"}, {"Ula", "Urszula"}, {"Jadzia", "Jadwiga"},
	{"Krysia", "Krystyna"}, {"Madzia", "Magdalena"}, {"Magda", "Magdalena"},
	{"Tosia", "Antonina"}, {"Danusia", "Danuta"}, {"Julka", "Julia"},
	{"Natalka", "Natalia"}, {"Halinka", "Halina"}, {"Iza", "Izabela"},
	{"Aga", "Agnieszka"}, {"Ewka", "Ewa"}, {"Ilonka", "Ilona"}, {"Gabrysia", "Gabriela"},
	{"Wiesia", "Wiesława"}, {"Emilka", "Emilia"}, {"Dorotka", "Dorota"},
	{"Agatka", "Agata"}, {"Martusia", "Marta"}, {"Monia", "Monika"},
	/* men */
	{"Kuba", "Jakub"}, {"Kubuś", "Jakub"}, {"Jurek", "Jerzy"}, {"Bartek", "Bartłomiej"},
	{"Franek", "Franciszek"}, {"Zbyszek", "Zbigniew"}, {"Wojtek", "Wojciech"},
	{"Tomek", "Tomasz"}, {"Maciek", "Maciej"}, {"Janek", "Jan"}, {"Jasiek", "Jan"},
	{"Jaś", "Jan"}, {"Józek", "Józef"}, {"Staszek", "Stanisław"}, {"Staś", "Stanisław"},
	{"Antek", "Antoni"}, {"Kazik", "Kazimierz"}, {"Rysiek", "Ryszard"},
	{"Rysio", "Ryszard"}, {"Krzysiek", "Krzysztof"}, {"Grzesiek", "Grzegorz"},
	{"Heniek", "Henryk"}, {"Henio", "Henryk"}, {"Wiesiek", "Wiesław"},
	{"Olek", "Aleksander"}, {"Piotrek", "Piotr"}, {"Zenek", "Zenon"},
	{"Edek", "Edward"}, {"Felek", "Feliks"}, {"Władek", "Władysław"},
	{"Mietek", "Mieczysław"}, {"Bolek", "Bolesław"}, {"Pawełek", "Paweł"},
	{"Adaś", "Adam"}, {"Michałek", "Michał"},
};

const char *
sc_name_full(const char *first)
{
	size_t i;

	for (i = 0; i < sizeof(dims) / sizeof(dims[0]); i++)
		if (strcmp(dims[i].dim, first) == 0)
			return dims[i].full;
	return NULL;
}

static const char *const en_names[] = {
	"Aaron", "Abigail", "Adam", "Adrian", "Aidan", "Alan", "Albert", "Alex", "Alexander",
	"Alfie", "Alice", "Amber", "Amelia", "Amy", "Andrew", "Andy", "Angela", "Ann", "Anna",
	"Anne", "Anthony", "Archie", "Arthur", "Ashley", "Ava", "Barbara", "Ben", "Benjamin",
	"Beth", "Bill", "Bob", "Brian", "Callum", "Carl", "Caroline", "Catherine", "Charles",
	"Charlie", "Charlotte", "Chloe", "Chris", "Christopher", "Claire", "Connor", "Craig",
	"Dan", "Daniel", "Dave", "David", "Dean", "Deborah", "Denise", "Dylan", "Edward",
	"Eleanor", "Elizabeth", "Ella", "Ellie", "Emily", "Emma", "Eric", "Ethan", "Evie",
	"Finley", "Florence", "Frank", "Freddie", "Freya", "Gary", "Gemma", "George",
	"Georgia", "Grace", "Graham", "Hannah", "Harry", "Harvey", "Hayley", "Helen", "Henry",
	"Holly", "Hugo", "Ian", "Imogen", "Isaac", "Isabella", "Isla", "Ivy", "Jack", "Jacob",
	"Jake", "James", "Jamie", "Jane", "Jason", "Jay", "Jennifer", "Jenny", "Jess",
	"Jessica", "Joe", "John", "Jonathan", "Jordan", "Joseph", "Josh", "Joshua", "Julie",
	"Karen", "Kate", "Katie", "Kelly", "Kevin", "Kim", "Laura", "Lauren", "Leah", "Leo",
	"Lewis", "Liam", "Lily", "Linda", "Lisa", "Logan", "Louis", "Louise", "Lucas", "Lucy",
	"Luke", "Mark", "Martin", "Mary", "Mason", "Matt", "Matthew", "Megan", "Mia",
	"Michael", "Michelle", "Mike", "Millie", "Mohammed", "Molly", "Muhammad", "Nancy",
	"Natalie", "Nathan", "Neil", "Nick", "Nicola", "Noah", "Oliver", "Olivia", "Oscar",
	"Owen", "Patrick", "Paul", "Peter", "Phil", "Philip", "Poppy", "Rachel", "Rebecca",
	"Richard", "Rob", "Robert", "Rosie", "Ruby", "Ryan", "Sally", "Sam", "Samantha",
	"Samuel", "Sara", "Sarah", "Scott", "Sean", "Sharon", "Sophia", "Sophie", "Stephen",
	"Steve", "Steven", "Stuart", "Susan", "Theo", "Thomas", "Tim", "Toby", "Tom", "Tony",
	"Tracy", "Victoria", "William", "Zoe", "Zach",
};

int
sc_name_english(const char *w)
{
	size_t i;

	for (i = 0; i < sizeof(en_names) / sizeof(en_names[0]); i++)
		if (strcasecmp(en_names[i], w) == 0)
			return 1;
	return 0;
}

/* Two people in one author name: "Ania i Marek", "Sam & Alex", "Ania ❤️
   Kuba", "Marek i Ania Nowakowie".  A joining word or a heart with a word
   after it, or a family surname in the plural (-owie). */
int
sc_name_two_people(const char *display)
{
	const char *p = display;
	int joined = 0, words_after = 0;

	while (*p) {
		size_t n, i;
		char w[64];

		while (*p == ' ' || *p == '\t')
			p++;
		n = strcspn(p, " \t");
		if (n == 0)
			break;
		snprintf(w, sizeof(w), "%.*s", (int)(n < sizeof(w) ? n : sizeof(w) - 1), p);
		if (strcmp(w, "i") == 0 || strcmp(w, "oraz") == 0 || strcasecmp(w, "and") == 0 ||
		    strcmp(w, "&") == 0 || strcmp(w, "+") == 0 || strcmp(w, "/") == 0 ||
		    strcmp(w, "&amp;") == 0) {
			joined = 1;
			words_after = 0;
		} else {
			int heart = 0;

			for (i = 0; i < n;) {
				uint32_t c;
				int k = sc_utf8_decode(p + i, n - i, &c);

				if (k == 0)
					break;
				if (c == 0x2764 || c == 0x2665 || (c >= 0x1F493 && c <= 0x1F49F) ||
				    c == 0x1F9E1 || c == 0x1F90D || c == 0x1F90E || c == 0x1F5A4)
					heart = 1;
				i += (size_t)k;
			}
			if (heart) {
				joined = 1;
				words_after = 0;
			} else if (joined) {
				words_after++;
			}
			if (n > 5 && memcmp(p + n - 4, "owie", 4) == 0)
				return 1;
		}
		p += n;
	}
	return joined && words_after > 0;
}

/* May an unknown word be taken as a first name (English greetings)?  Not
   an acronym among ordinary words ("BBC Reporter"), not a lone lower-case
   word (a handle typed without @: "hikingwithmax"). */
int
sc_name_fallback_ok(const char *display, const char *word)
{
	const char *p;
	int lower = 0, upper = 0, wupper = 0, wlower = 0;

	for (p = display; *p; p++) {
		lower += *p >= 'a' && *p <= 'z';
		upper += *p >= 'A' && *p <= 'Z';
	}
	for (p = word; *p; p++) {
		wlower += *p >= 'a' && *p <= 'z';
		wupper += *p >= 'A' && *p <= 'Z';
	}
	if (wupper > 1 && wlower == 0 && lower > 0)
		return 0;
	if (upper == 0 && strchr(display, ' ') == NULL)
		return 0;
	return 1;
}
