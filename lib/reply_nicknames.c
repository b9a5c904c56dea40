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
