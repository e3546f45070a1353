#!/usr/bin/env python3
"""Generates the compliance screening test lists and the labelled name corpus.

Every name here is invented: given names and surnames common in many cultures are
combined at random (fixed seed), so no output is a real listed person or company.

Outputs (under tests/compliance/data/):
  ofac/sdn.csv, ofac/alt.csv, ofac/add.csv   OFAC SDN CSV distribution format
  un/consolidated.xml                        UN Security Council consolidated list format
  eu/consolidated.xml                        EU consolidated financial sanctions list format
  watchlist.csv                              the bank's own watch list format
  corpus/true_variants.tsv   name <TAB> list <TAB> entry id <TAB> kind <TAB> source name
  corpus/non_matches.tsv     name <TAB> kind (person / company) <TAB> shares (token shared with a list name or -)

True variants are list names (primary names and aliases) altered the way payment
data alters them. Non-matches are ordinary names; many share one given name, surname
or company word with a list name, as real traffic does. A non-match candidate that
falls inside the variant definition of some list name (every token of one side
matched by the other, exactly, by transliteration or within one edit, with at most
one token missing on one side) is not a non-match by definition and is discarded.

Usage: generate_corpus.py [output_dir]   (default: the data folder next to this script)
"""
import os
import random
import sys
import unicodedata
from xml.sax.saxutils import escape, quoteattr

SEED = 20260301
rng = random.Random(SEED)

# ---------------------------------------------------------------------------
# Name pools. LIST_* feed the test lists; OTHER_* feed the non-matches only.
LIST_FIRST = {
    "arabic": ["Mohammed", "Ahmed", "Abdullah", "Hussein", "Yusuf", "Ibrahim", "Mustafa", "Omar",
               "Khalid", "Mahmoud", "Hassan", "Ismail", "Suleiman", "Qasim", "Jamal", "Rashid",
               "Faisal", "Nasser", "Karim", "Osama", "Tariq", "Walid", "Bilal", "Hamza", "Ziad",
               "Samir", "Abdul Rahman", "Abdul Karim", "Yahya", "Younis", "Habib", "Jafar"],
    "russian": ["Sergei", "Aleksandr", "Dmitri", "Andrei", "Yevgeny", "Mikhail", "Nikolai",
                "Viktor", "Yuri", "Pyotr", "Vladimir", "Oleg", "Igor", "Boris", "Tatyana",
                "Natalya", "Yelena", "Aleksei", "Fyodor"],
    "persian": ["Reza", "Mehdi", "Hossein", "Ali", "Javad", "Farhad", "Dariush", "Kamran", "Babak",
                "Saeed"],
    "chinese": ["Wei", "Jian", "Zhiwei", "Xiaoming", "Haoran", "Yuxuan", "Guoqiang", "Jianhua"],
    "korean": ["Chol Min", "Song Il", "Kwang Hyok", "Myong Su", "Hyon Sok"],
    "latin": ["Carlos", "Jose", "Luis", "Miguel", "Alejandro", "Javier", "Rodolfo", "Esteban",
              "Ramon", "Joaquin"],
    "african": ["Abubakar", "Emeka", "Chinedu", "Kwame", "Ousmane", "Mamadou", "Ibrahima",
                "Babatunde", "Moussa"],
    "turkish": ["Mehmet", "Ahmet", "Emre", "Burak", "Serkan", "Volkan"],
    "european": ["Hans", "Dieter", "Jean", "Pierre", "Marco", "Luca", "Jan", "Piotr", "Lukasz",
                 "Zoltan", "Dragan", "Milan", "Zoran"],
    "southasian": ["Imran", "Asif", "Rajesh", "Suresh", "Farhan", "Tahir", "Shahid"],
}
LIST_SURNAME = {
    "arabic": ["Haddad", "Khoury", "Barakat", "Darwish", "Farouk", "Hijazi", "Jaber", "Kanaan",
               "Mansour", "Rahimi", "Saleh", "Tahan", "Zaidan", "Shaheen", "Ghanem", "Obeid",
               "Awad", "Sabbagh", "Najjar", "Khatib", "Tamimi", "Al-Masri", "Al-Jabouri",
               "Al-Hakimi"],
    "russian": ["Volkov", "Sokolov", "Lebedev", "Kozlov", "Morozov", "Pavlenko", "Orlov",
                "Zaitsev", "Belov", "Gromov", "Tarasov", "Kovalenko", "Shevchuk", "Melnikov",
                "Yermakov", "Baranov", "Chernyshev", "Vorontsova"],
    "persian": ["Tehrani", "Rostami", "Ghorbani", "Jafari", "Najafi", "Sadeghi", "Moradi",
                "Kazemi", "Rezaei", "Esfahani", "Shirazi"],
    "chinese": ["Zhang", "Wang", "Liu", "Chen", "Zhao", "Huang", "Zhou", "Guo"],
    "korean": ["Kim", "Pak", "Ri", "Choe", "Jon", "Kang"],
    "latin": ["Hernandez", "Gutierrez", "Ramirez", "Castillo", "Mendoza", "Ochoa", "Villarreal",
              "Quintero", "Zambrano", "Cardenas", "Arellano", "Beltran", "Salazar"],
    "african": ["Okonkwo", "Diallo", "Traore", "Mensah", "Adeyemi", "Keita", "Ndiaye", "Kamara",
                "Balogun", "Sesay"],
    "turkish": ["Yilmaz", "Ozturk", "Aydin", "Demir", "Celik", "Kaya", "Arslan", "Dogan"],
    "european": ["Müller", "Schröder", "Dubois", "Lefèvre", "Rossi", "Bianchi", "Nowak",
                 "Kowalczyk", "Horváth", "Novák", "Petrović", "Jovanović", "Kovačević"],
    "southasian": ["Qureshi", "Chaudhry", "Siddiqui", "Malik", "Sharma", "Patel", "Iyer"],
}
LIST_MIDDLE = {
    "arabic": ["Abdel Aziz", "Ali", "Hassan", "Mohammed", "Saleh", "Ibrahim", "Nasser"],
    "russian": ["Ivanovich", "Petrovich", "Sergeyevich", "Nikolayevich", "Viktorovna",
                "Aleksandrovich", "Mikhailovich"],
    "persian": ["Ali", "Reza", "Hossein", "Mohammad"],
    "latin": ["Antonio", "Manuel", "Enrique", "Alberto"],
    "african": ["Olu", "Kofi", "Sani"],
    "turkish": ["Kemal", "Ali"],
    "european": ["Maria", "Josef", "Stefan"],
    "southasian": ["Ahmed", "Kumar", "Hussain"],
}
LIST_COMPANY_WORDS = ["Golden Crescent", "Blue Horizon", "Silk Route", "Eastern Star",
                      "Northern Light", "Desert Falcon", "Red Sea", "Caspian Pearl",
                      "Orient Pearl", "Al Noor", "Zenith", "Meridian", "Sapphire", "Phoenix",
                      "Black Sea", "Tigris", "Euphrates", "Ural", "Amur", "Pacific Dragon",
                      "Andes", "Sahara", "Kilimanjaro", "Baltic Amber", "Himalaya",
                      "Crimson Tide", "Iron Gate", "Jade Mountain", "Stellar", "Vostok",
                      "Nova Terra", "Atlas", "Pyramid", "Oasis", "Falcon Wing", "Scorpion"]
INDUSTRIES = ["Trading", "Shipping", "Petroleum", "Logistics", "Exchange", "Investment",
              "Construction", "Industrial", "Marine", "Aviation", "Chemicals", "Electronics",
              "Metals", "General Trading", "Import Export", "Engineering", "Mining", "Bank"]
LEGAL = ["LLC", "Ltd", "Limited", "Co.", "Company", "S.A.", "GmbH", "FZE", "JSC", "PJSC", "OOO",
         "Inc.", "Corp.", "PLC", "AG", "SARL", "Pte Ltd", "Co. Ltd"]
HONORIFICS = ["Mr", "Mr.", "Mrs", "Dr", "Dr.", "Sheikh", "Haji", "Prof.", "Ms"]

OTHER_FIRST = ["Emily", "Oliver", "Sophie", "Lucas", "Amelia", "Noah", "Isabella", "Ethan",
               "Charlotte", "Mateo", "Valentina", "Sebastian", "Camila", "Leon", "Mia", "Finn",
               "Hannah", "Elias", "Clara", "Felix", "Ingrid", "Sven", "Astrid", "Lars", "Freya",
               "Matteo", "Giulia", "Francesca", "Aurelio", "Chiara", "Diego", "Lucia", "Sofia",
               "Rodrigo", "Paula", "Thiago", "Beatriz", "Akira", "Haruto", "Yui", "Sakura",
               "Kenji", "Priya", "Ananya", "Arjun", "Vikram", "Deepa", "Kavya", "Rohan", "Leila",
               "Nadia", "Yasmin", "Samira", "Layla", "Zainab", "Olumide", "Ngozi", "Amara",
               "Abena", "Thabo", "Lerato", "Sipho", "Nomvula", "Tendai", "Chipo", "Minh",
               "Linh", "Huong", "Quang", "Nikos", "Eleni", "Dimitris", "Katerina", "Agnieszka",
               "Tomasz", "Marta", "Krzysztof", "Ewa", "Bogdan", "Ioana", "Andreea", "Mihai",
               "Radu", "Eszter", "Gábor", "Ilona", "Tereza", "Ondřej", "Matej", "Siobhan",
               "Ciaran", "Aoife", "Eamon", "Rhys", "Carys", "Annika", "Jukka", "Aino", "Eero",
               "Liisa", "Hamish", "Fiona", "Isla", "Callum", "Maya", "Noa", "Yael", "Tamar",
               "Rafael", "Ines", "Joaquim", "Tiago", "Duarte", "Gonçalo", "Elif", "Zeynep",
               "Deniz", "Selin", "Baris", "Arman", "Aruzhan", "Dauren", "Aigerim", "Bolat",
               "Margaret", "Gregory", "Patricia", "Harold", "Dorothy", "Vincent", "Rosalind",
               "Theodore", "Beatrice", "Winston", "Florence", "Bernard", "Penelope", "Cedric",
               "Gwendolyn", "Ignatius", "Marisol", "Esperanza", "Guadalupe", "Lorenzo",
               "Benedetta", "Ottavio", "Sunil", "Lakshmi", "Meenakshi", "Harpreet", "Gurpreet",
               "Manpreet", "Chiamaka", "Oluwaseun", "Folake", "Yewande", "Adaeze", "Keisha",
               "Tyrone", "Jasmine", "Brandon", "Ashley", "Haruka", "Takumi", "Ren", "Soo-ah",
               "Ji-ho", "Hye-jin", "Tuan", "Ngoc", "Bao", "Kieran", "Declan", "Niamh", "Orla"]
OTHER_SURNAME = ["Thompson", "Whitaker", "Fairbanks", "Holloway", "Pemberton", "Ashworth",
                 "Caldwell", "Hargreaves", "Sinclair", "Langley", "Bergstrom", "Lindqvist",
                 "Halvorsen", "Nieminen", "Virtanen", "Korhonen", "Lehtonen", "Jensen", "Andersen",
                 "Hoffmann", "Baumann", "Krüger", "Vogel", "Schulz", "Fontaine", "Marchand",
                 "Girard", "Moreau", "Lambert", "Ricci", "Moretti", "Esposito", "Ferraro", "Galli",
                 "Conti", "Romero", "Navarro", "Iglesias", "Vidal", "Soler", "Pereira",
                 "Carvalho", "Ferreira", "Almeida", "Ribeiro", "Tanaka", "Watanabe", "Yamamoto",
                 "Nakamura", "Kobayashi", "Sato", "Suzuki", "Takahashi", "Nguyen", "Tran", "Pham",
                 "Hoang", "Dang", "Bui", "Reddy", "Nair", "Menon", "Banerjee", "Mukherjee",
                 "Desai", "Kapoor", "Okafor", "Nwosu", "Eze", "Adebayo", "Oyelaran", "Mwangi",
                 "Otieno", "Kamau", "Wanjiru", "Dlamini", "Nkosi", "Mokoena", "Botha",
                 "Papadopoulos", "Georgiou", "Nikolaidis", "Wiśniewski", "Zieliński", "Wójcik",
                 "Lewandowski", "Popescu", "Ionescu", "Dumitru", "Szabó", "Tóth", "Nagy",
                 "Dvořák", "Černý", "Procházka", "O'Sullivan", "Murphy", "Kelly", "Byrne",
                 "Gallagher", "MacLeod", "Campbell", "Davies", "Evans", "Llewellyn", "Cohen",
                 "Levi", "Friedman", "Shapiro", "Mizrahi", "Kaplan", "Santos", "Oliveira",
                 "Costa", "Martins", "Azevedo", "Şahin", "Yıldız", "Koç", "Kurt", "Özdemir",
                 "Abenov", "Nurlanov", "Seitkali", "Lindgren", "Sorensen", "Magnusson",
                 "Fitzgerald", "Worthington", "Blackwood", "Thornton", "Ellsworth", "Kingsley",
                 "Bramwell", "Castellanos", "Echeverria", "Valderrama", "Montalvo", "Saavedra",
                 "Ogunleye", "Chukwuma", "Onyekachi", "Asante", "Boateng", "Owusu", "Agyeman",
                 "Nakashima", "Fujimoto", "Hayashi", "Matsuda", "Ishikawa", "Gupta", "Bhatt",
                 "Srinivasan", "Raghavan", "Venkatesh", "Pillai", "Kowalski", "Mazur", "Krawiec",
                 "Hendricks", "Vermeulen", "Bakker", "Visser", "Smit", "Mulder"]
OTHER_COMPANY_WORDS = ["Maple", "Willow", "Riverbend", "Summit", "Harbor", "Clearwater",
                       "Greenfield", "Brightwater", "Lakeside", "Oakridge", "Silverline",
                       "Evergreen", "Cedar", "Aspen", "Granite", "Kestrel", "Beacon", "Lighthouse",
                       "Pinnacle", "Crystal", "Coral", "Lotus", "Bamboo", "Tundra", "Aurora",
                       "Nordic", "Alpine", "Coastal", "Prairie", "Sunrise", "Bluebell", "Heather",
                       "Thistle", "Juniper", "Sequoia", "Magnolia", "Marigold", "Sparrow", "Otter",
                       "Badger", "Heron", "Pelican", "Copperfield", "Westbrook", "Eastfield",
                       "Northgate", "Southwark", "Highland", "Lowland", "Valley", "Orchard",
                       "Meadow", "Windmill", "Tidewater", "Keystone", "Cornerstone", "Bridgeport",
                       "Fairview", "Hillcrest", "Rosewood", "Ivy", "Saffron", "Cinnamon", "Indigo"]
OTHER_INDUSTRIES = ["Foods", "Textiles", "Consulting", "Software", "Dental Clinic", "Bakery",
                    "Furniture", "Printing", "Florist", "Pharmacy", "Architects", "Dairy",
                    "Motors", "Hotels", "Travel", "Media", "Insurance Brokers", "Accountants",
                    "Veterinary", "Garden Centre", "Opticians", "Plumbing", "Bookshop"]

DIACRITIC_ADD = {"A": "ÁÀÂÄ", "E": "ÉÈÊË", "I": "ÍÎÏ", "O": "ÓÔÖ", "U": "ÚÛÜ", "C": "Ç",
                 "N": "Ñ", "S": "ŞŠ", "Z": "ŽŻ", "G": "Ğ", "L": "Ł", "R": "Ř", "Y": "Ý"}

# Transliteration variants the generator may substitute (each also in the engine's
# classes; the test measures whether the engine knows them).
TRANSLIT = [["Mohammed", "Muhammad", "Mohamed", "Mohammad", "Mohamad"],
            ["Abdul", "Abdel", "Abdoul"], ["Abdullah", "Abdallah", "Abdulla"],
            ["Ahmed", "Ahmad", "Ahmet"], ["Hussein", "Hussain", "Husain", "Hossein"],
            ["Hassan", "Hasan"], ["Yusuf", "Youssef", "Yousef", "Yousif"],
            ["Ibrahim", "Ebrahim", "Ibraheem"], ["Mustafa", "Mostafa", "Mustapha"],
            ["Omar", "Umar"], ["Khalid", "Khaled"], ["Mahmoud", "Mahmud", "Mahmood"],
            ["Saeed", "Said"], ["Ali", "Aly"], ["Ismail", "Ismael"], ["Suleiman", "Sulayman",
            "Soleiman"], ["Qasim", "Kasim", "Qassem"], ["Jamal", "Gamal"], ["Rashid", "Rasheed"],
            ["Faisal", "Faysal"], ["Nasser", "Nasir"], ["Karim", "Kareem"], ["Yahya", "Yahia"],
            ["Younis", "Yunus", "Younes"], ["Habib", "Habeeb"], ["Jafar", "Jaafar"],
            ["Osama", "Usama"], ["Sergei", "Sergey"], ["Aleksandr", "Alexander", "Aleksander"],
            ["Dmitri", "Dmitry", "Dmitriy"], ["Andrei", "Andrey"], ["Yevgeny", "Evgeny",
            "Evgeniy"], ["Mikhail", "Michail"], ["Nikolai", "Nikolay"], ["Viktor", "Victor"],
            ["Yuri", "Yuriy"], ["Pyotr", "Petr"], ["Tatyana", "Tatiana"], ["Natalya", "Natalia"],
            ["Yelena", "Elena"], ["Aleksei", "Alexei", "Alexey"], ["Fyodor", "Fedor"],
            ["Choe", "Choi"], ["Pak", "Park"], ["Mehmet", "Mehmed"], ["Abubakar", "Aboubakar"]]
TRANSLIT_OF = {}
for cls in TRANSLIT:
    for m in cls:
        TRANSLIT_OF[m.upper()] = [x for x in cls if x != m]


def fold(s):
    s = s.replace("ß", "ss").replace("Ł", "L").replace("ł", "l").replace("Ø", "O").replace("ø", "o")
    s = s.replace("ı", "i").replace("Æ", "AE").replace("æ", "ae").replace("Œ", "OE").replace("œ", "oe")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


DROP = {"MR", "MRS", "MS", "DR", "SHEIKH", "HAJI", "PROF", "LLC", "LTD", "LIMITED", "CO",
        "COMPANY", "SA", "GMBH", "FZE", "JSC", "PJSC", "OOO", "INC", "CORP", "PLC", "AG", "SARL",
        "PTE", "AL", "EL", "BIN", "IBN", "DE", "VAN", "DER", "AND", "THE", "OF"}


def norm_tokens(name):
    s = fold(name).upper()
    s = s.replace("'", "").replace("S.A.", "SA")
    out = []
    for ch in "-,.;:/()&\"":
        s = s.replace(ch, " ")
    for t in s.split():
        if t not in DROP:
            out.append(t)
    return out


def dl1(a, b):
    """True when a and b are within one edit (substitution, insertion, deletion or
    adjacent transposition)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return (len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]]
                and a[diff[1]] == b[diff[0]])
    if la > lb:
        a, b = b, a
    for i in range(len(b)):
        if b[:i] + b[i + 1:] == a:
            return True
    return False


def tokens_close(a, b):
    if a == b:
        return True
    ca = TRANSLIT_OF.get(a)
    if ca and b in [x.upper() for x in ca]:
        return True
    return len(a) >= 4 and len(b) >= 4 and dl1(a, b)


def within_variant_definition(cand, listed):
    """Every token of both names matched (exact, transliteration or one edit), except
    at most one token missing on one side of a name of three or more tokens."""
    c, l = norm_tokens(cand), norm_tokens(listed)
    if not c or not l:
        return False
    used = set()
    matched = 0
    for lt in l:
        for i, ct in enumerate(c):
            if i not in used and tokens_close(ct, lt):
                used.add(i)
                matched += 1
                break
    uncovered = len(l) - matched
    unmatched = len(c) - matched
    if matched == 0:
        return False
    if uncovered + unmatched == 0:
        return True
    if uncovered + unmatched == 1:
        side = l if uncovered else c
        return len(side) >= 3
    return False


# ---------------------------------------------------------------------------
# Entries.
class Entry:
    def __init__(self, list_name, entry_id, etype, primary, aliases=(), culture=None):
        self.list_name = list_name
        self.entry_id = str(entry_id)
        self.etype = etype  # individual / entity / vessel / aircraft
        self.primary = primary
        self.aliases = list(aliases)
        self.culture = culture
        self.addresses = []  # (street, city, country name, iso2)
        self.bics = []
        self.nationality = None
        self.programmes = []
        self.parts = None  # individuals: (first, middle, last)


COUNTRIES = [("Iran", "IR"), ("Syria", "SY"), ("Russia", "RU"), ("Lebanon", "LB"),
             ("United Arab Emirates", "AE"), ("Turkey", "TR"), ("China", "CN"),
             ("North Korea", "KP"), ("Venezuela", "VE"), ("Mexico", "MX"), ("Colombia", "CO"),
             ("Nigeria", "NG"), ("Mali", "ML"), ("Pakistan", "PK"), ("Iraq", "IQ"),
             ("Yemen", "YE"), ("Belarus", "BY"), ("Serbia", "RS"), ("Hungary", "HU"),
             ("Germany", "DE"), ("Cyprus", "CY"), ("Sudan", "SD")]
CITIES = ["Tehran", "Damascus", "Moscow", "Beirut", "Dubai", "Istanbul", "Shanghai", "Pyongyang",
          "Caracas", "Culiacan", "Medellin", "Lagos", "Bamako", "Karachi", "Baghdad", "Sanaa",
          "Minsk", "Belgrade", "Budapest", "Hamburg", "Limassol", "Khartoum"]
PROGRAMMES = ["SDGT", "IRAN", "SYRIA", "RUSSIA-EO14024", "DPRK3", "SDNTK", "NPWMD", "IFSR",
              "GLOMAG", "VENEZUELA-EO13850", "BELARUS-EO14038"]

used_names = set()


def person(culture=None):
    for _ in range(1000):
        c = culture or rng.choice(list(LIST_FIRST))
        first = rng.choice(LIST_FIRST[c])
        last = rng.choice(LIST_SURNAME[c])
        middle = None
        if c in LIST_MIDDLE and rng.random() < 0.6:
            middle = rng.choice(LIST_MIDDLE[c])
            if middle in first or first in middle:
                middle = None
        key = (first, middle, last)
        if key in used_names:
            continue
        used_names.add(key)
        return c, first, middle, last
    raise RuntimeError("person pool exhausted")


def company():
    for _ in range(1000):
        w = rng.choice(LIST_COMPANY_WORDS)
        ind = rng.choice(INDUSTRIES)
        legal = rng.choice(LEGAL)
        name = f"{w} {ind} {legal}"
        if (w, ind) in used_names:
            continue
        used_names.add((w, ind))
        return name, w, ind, legal
    raise RuntimeError("company pool exhausted")


def full(first, middle, last):
    return " ".join(x for x in (first, middle, last) if x)


def person_alias(c, first, middle, last):
    r = rng.random()
    if r < 0.35 and first.upper() in TRANSLIT_OF:
        return full(rng.choice(TRANSLIT_OF[first.upper()]), middle, last), "aka"
    if r < 0.6:
        return full(first, None, last), "aka"
    if r < 0.8:
        return f"Abu {rng.choice(['Hamza', 'Bakr', 'Yusuf', 'Khalid', 'Omar'])} {last}" if c == "arabic" else full(first, None, rng.choice(LIST_SURNAME[c])), "fka"
    return full(rng.choice(LIST_FIRST[c]), middle, last), "aka"


def make_entries():
    entries = []
    # OFAC SDN: 90 entries.
    ent = 10100
    for i in range(62):
        c, first, middle, last = person()
        ent += rng.randint(3, 40)
        given = full(first, middle, None)
        e = Entry("OFAC-SDN", ent, "individual", f"{last.upper()}, {given}", culture=c)
        e.parts = (first, middle, last)
        for _ in range(rng.choice([0, 1, 1, 2])):
            a, q = person_alias(c, first, middle, last)
            ln = a.split()[-1]
            e.aliases.append((f"{ln.upper()}, {' '.join(a.split()[:-1])}", q))
        e.nationality = rng.choice(COUNTRIES)[0]
        e.programmes = rng.sample(PROGRAMMES, rng.choice([1, 1, 2]))
        entries.append(e)
    for i in range(22):
        name, w, ind, legal = company()
        ent += rng.randint(3, 40)
        e = Entry("OFAC-SDN", ent, "entity", name.upper())
        if rng.random() < 0.5:
            e.aliases.append((f"{w} {ind}".upper(), "aka"))
        if ind == "Bank" or rng.random() < 0.3:
            e.bics.append(make_bic())
        e.programmes = rng.sample(PROGRAMMES, 1)
        entries.append(e)
    for vname in ["OCEAN SAPPHIRE", "CASPIAN VOYAGER", "NORTHERN TIDE", "DESERT MARINER"]:
        ent += rng.randint(3, 40)
        e = Entry("OFAC-SDN", ent, "vessel", vname)
        e.programmes = ["IRAN"]
        entries.append(e)
    for aname in ["EP-FQA", "YK-AQB"]:
        ent += rng.randint(3, 40)
        e = Entry("OFAC-SDN", ent, "aircraft", aname)
        e.programmes = ["SYRIA"]
        entries.append(e)
    # UN: 34 entries.
    dataid = 6900000
    for i in range(24):
        c, first, middle, last = person()
        dataid += rng.randint(10, 900)
        e = Entry("UN-SC", dataid, "individual", full(first, middle, last), culture=c)
        e.parts = (first, middle, last)
        for _ in range(rng.choice([0, 1, 2])):
            e.aliases.append((person_alias(c, first, middle, last)[0], rng.choice(["Good", "Low"])))
        e.nationality = rng.choice(COUNTRIES)[0]
        e.programmes = [rng.choice(["Al-Qaida", "DPRK", "Libya", "Yemen", "Iraq"])]
        entries.append(e)
    for i in range(10):
        name, w, ind, legal = company()
        dataid += rng.randint(10, 900)
        e = Entry("UN-SC", dataid, "entity", name.upper())
        if rng.random() < 0.5:
            e.aliases.append((f"{w} {ind}", "a.k.a."))
        e.programmes = [rng.choice(["Al-Qaida", "DPRK", "Libya"])]
        entries.append(e)
    # EU: 34 entries.
    lid = 120000
    for i in range(24):
        c, first, middle, last = person()
        lid += rng.randint(10, 900)
        primary = full(first, middle, last)
        if c == "european" or rng.random() < 0.15:
            primary = primary  # published with diacritics where the name has them
        e = Entry("EU-FSF", lid, "individual", primary, culture=c)
        e.parts = (first, middle, last)
        for _ in range(rng.choice([0, 1, 2])):
            e.aliases.append((person_alias(c, first, middle, last)[0], "strong"))
        iso = rng.choice(COUNTRIES)
        e.nationality = iso[1]
        e.programmes = [rng.choice(["RUS", "BLR", "IRN", "SYR", "PRK"])]
        entries.append(e)
    for i in range(10):
        name, w, ind, legal = company()
        lid += rng.randint(10, 900)
        e = Entry("EU-FSF", lid, "entity", name)
        if rng.random() < 0.5:
            e.aliases.append((f"{w} {ind}", "weak"))
        e.programmes = [rng.choice(["RUS", "BLR", "IRN", "SYR"])]
        entries.append(e)
    # Watch list: 22 rows.
    for i in range(16):
        c, first, middle, last = person()
        e = Entry("BANK-WATCH", f"WL-{2024000 + i * 7}", "individual", full(first, middle, last),
                  culture=c)
        e.parts = (first, middle, last)
        if rng.random() < 0.5:
            e.aliases.append((person_alias(c, first, middle, last)[0], ""))
        entries.append(e)
    for i in range(6):
        name, w, ind, legal = company()
        e = Entry("BANK-WATCH", f"WL-{2025000 + i * 11}", "entity", name)
        e.bics.append(make_bic())
        entries.append(e)
    for e in entries:
        if e.etype in ("individual", "entity"):
            for _ in range(rng.choice([1, 1, 2])):
                country, iso = rng.choice(COUNTRIES)
                e.addresses.append((f"{rng.randint(1, 200)} {rng.choice(['Al Rashid', 'Lenin', 'Harbour', 'Station', 'Market'])} Street",
                                    CITIES[COUNTRIES.index((country, iso))], country, iso))
    return entries


bic_seq = [0]


def make_bic():
    bic_seq[0] += 1
    letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXZ") for _ in range(4))
    country = rng.choice(["IR", "SY", "RU", "KP", "BY", "AE", "TR", "CY"])
    loc = rng.choice(["TH", "DA", "MM", "PY", "2X", "AD", "IS", "NI"])
    if bic_seq[0] % 3 == 0:
        return letters + country + loc + rng.choice(["001", "100", "XXX"])
    return letters + country + loc


# ---------------------------------------------------------------------------
# Writers.
def q(s):
    return '"' + s.replace('"', '""') + '"'


Z = "-0- "


def write_ofac(entries, out):
    os.makedirs(os.path.join(out, "ofac"), exist_ok=True)
    sdn, alt, add = [], [], []
    alt_num, add_num = 5000, 20000
    for e in entries:
        if e.list_name != "OFAC-SDN":
            continue
        typ = {"individual": q("individual"), "entity": Z, "vessel": q("vessel"),
               "aircraft": q("aircraft")}[e.etype]
        remarks = []
        if e.nationality:
            remarks.append(f"nationality {e.nationality}")
        for b in e.bics:
            remarks.append(f"SWIFT/BIC {b}")
        if e.etype == "vessel":
            remarks.append("Vessel Registration Identification IMO 9" + str(rng.randint(100000, 999999)))
        rem = q("; ".join(remarks) + ".") if remarks else Z
        prog = q("] [".join(e.programmes))
        vess = [Z] * 6
        if e.etype == "vessel":
            vess = [q("9H" + str(rng.randint(1000, 9999))), q("Crude Oil Tanker"),
                    Z, q(str(rng.randint(50000, 150000))), q("Iran"), Z]
        sdn.append(",".join([e.entry_id, q(e.primary), typ, prog, Z] + vess[:1] + vess[1:] + [rem]))
        for a, qual in e.aliases:
            alt_num += rng.randint(1, 9)
            alt.append(",".join([e.entry_id, str(alt_num), q(qual), q(a), Z]))
        for street, city, country, iso in e.addresses:
            add_num += rng.randint(1, 9)
            add.append(",".join([e.entry_id, str(add_num), q(street), q(city), country, Z]))
    # OFAC files: CRLF line ends, no header, "-0-" for empty.
    with open(os.path.join(out, "ofac", "sdn.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("\r\n".join(sdn) + "\r\n")
    with open(os.path.join(out, "ofac", "alt.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("\r\n".join(alt) + "\r\n")
    with open(os.path.join(out, "ofac", "add.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("\r\n".join(add) + "\r\n")
    return len(sdn), len(alt), len(add)


def split_un_name(e):
    first, middle, last = e.parts
    parts = [first] + (middle.split() if middle else []) + [last]
    if len(parts) > 4:
        parts = parts[:3] + [" ".join(parts[3:])]
    return parts + [""] * (4 - len(parts))


def write_un(entries, out):
    os.makedirs(os.path.join(out, "un"), exist_ok=True)
    x = ['<?xml version="1.0" encoding="UTF-8"?>',
         '<CONSOLIDATED_LIST xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
         'xsi:noNamespaceSchemaLocation="https://scsanctions.un.org/resources/xml/en/consolidated.xsd" '
         'dateGenerated="2026-02-27T10:15:02.114-05:00">', "  <INDIVIDUALS>"]
    n = a = d = 0
    ref = 100
    for e in entries:
        if e.list_name != "UN-SC" or e.etype != "individual":
            continue
        ref += 1
        names = split_un_name(e)
        x.append("    <INDIVIDUAL>")
        x.append(f"      <DATAID>{e.entry_id}</DATAID>")
        x.append("      <VERSIONNUM>1</VERSIONNUM>")
        for tag, v in zip(["FIRST_NAME", "SECOND_NAME", "THIRD_NAME", "FOURTH_NAME"], names):
            x.append(f"      <{tag}>{escape(v.upper())}</{tag}>" if v else f"      <{tag}/>")
        x.append(f"      <UN_LIST_TYPE>{escape(e.programmes[0])}</UN_LIST_TYPE>")
        x.append(f"      <REFERENCE_NUMBER>QDi.{ref}</REFERENCE_NUMBER>")
        x.append("      <LISTED_ON>2019-05-14</LISTED_ON>")
        x.append("      <COMMENTS1>Invented test entry.</COMMENTS1>")
        x.append(f"      <NATIONALITY>\n        <VALUE>{escape(e.nationality)}</VALUE>\n      </NATIONALITY>")
        x.append("      <LIST_TYPE>\n        <VALUE>UN List</VALUE>\n      </LIST_TYPE>")
        x.append("      <LAST_DAY_UPDATED>\n        <VALUE/>\n      </LAST_DAY_UPDATED>")
        for al, qual in e.aliases:
            x.append(f"      <INDIVIDUAL_ALIAS>\n        <QUALITY>{qual}</QUALITY>\n"
                     f"        <ALIAS_NAME>{escape(al)}</ALIAS_NAME>\n      </INDIVIDUAL_ALIAS>")
            a += 1
        if not e.aliases:
            x.append("      <INDIVIDUAL_ALIAS>\n        <QUALITY/>\n        <ALIAS_NAME/>\n      </INDIVIDUAL_ALIAS>")
        for street, city, country, iso in e.addresses:
            x.append(f"      <INDIVIDUAL_ADDRESS>\n        <STREET>{escape(street)}</STREET>\n"
                     f"        <CITY>{escape(city)}</CITY>\n        <COUNTRY>{escape(country)}</COUNTRY>\n"
                     "      </INDIVIDUAL_ADDRESS>")
            d += 1
        x.append("      <INDIVIDUAL_DATE_OF_BIRTH>\n        <TYPE_OF_DATE>APPROXIMATELY</TYPE_OF_DATE>\n"
                 f"        <YEAR>{rng.randint(1955, 1990)}</YEAR>\n      </INDIVIDUAL_DATE_OF_BIRTH>")
        x.append("      <SORT_KEY/>\n      <SORT_KEY_LAST_MOD/>")
        x.append("    </INDIVIDUAL>")
        n += 1
    x.append("  </INDIVIDUALS>")
    x.append("  <ENTITIES>")
    for e in entries:
        if e.list_name != "UN-SC" or e.etype != "entity":
            continue
        ref += 1
        x.append("    <ENTITY>")
        x.append(f"      <DATAID>{e.entry_id}</DATAID>")
        x.append("      <VERSIONNUM>1</VERSIONNUM>")
        x.append(f"      <FIRST_NAME>{escape(e.primary)}</FIRST_NAME>")
        x.append(f"      <UN_LIST_TYPE>{escape(e.programmes[0])}</UN_LIST_TYPE>")
        x.append(f"      <REFERENCE_NUMBER>QDe.{ref}</REFERENCE_NUMBER>")
        x.append("      <LISTED_ON>2020-01-09</LISTED_ON>")
        x.append("      <COMMENTS1/>")
        x.append("      <LIST_TYPE>\n        <VALUE>UN List</VALUE>\n      </LIST_TYPE>")
        for al, qual in e.aliases:
            x.append(f"      <ENTITY_ALIAS>\n        <QUALITY>{qual}</QUALITY>\n"
                     f"        <ALIAS_NAME>{escape(al)}</ALIAS_NAME>\n      </ENTITY_ALIAS>")
            a += 1
        for street, city, country, iso in e.addresses:
            x.append(f"      <ENTITY_ADDRESS>\n        <STREET>{escape(street)}</STREET>\n"
                     f"        <CITY>{escape(city)}</CITY>\n        <COUNTRY>{escape(country)}</COUNTRY>\n"
                     "      </ENTITY_ADDRESS>")
            d += 1
        x.append("      <SORT_KEY/>\n      <SORT_KEY_LAST_MOD/>")
        x.append("    </ENTITY>")
        n += 1
    x.append("  </ENTITIES>")
    x.append("</CONSOLIDATED_LIST>")
    with open(os.path.join(out, "un", "consolidated.xml"), "w", encoding="utf-8") as f:
        f.write("\n".join(x) + "\n")
    return n, a, d


def write_eu(entries, out):
    os.makedirs(os.path.join(out, "eu"), exist_ok=True)
    x = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
         '<export xmlns="http://eu.europa.ec/fpi/fsd/export" generationDate="2026-02-28T09:00:31.870+01:00" globalFileId="171552">']
    n = a = d = 0
    la = 500000
    for e in entries:
        if e.list_name != "EU-FSF":
            continue
        code = "person" if e.etype == "individual" else "enterprise"
        cls = "P" if code == "person" else "E"
        ref = f"EU.{rng.randint(1000, 9999)}.{rng.randint(10, 99)}"
        x.append(f'  <sanctionEntity designationDetails="" unitedNationId="" euReferenceNumber="{ref}" logicalId="{e.entry_id}">')
        x.append("    <remark>Invented test entry.</remark>")
        la += 1
        x.append(f'    <regulation regulationType="amendment" organisationType="council" publicationDate="2022-03-15" '
                 f'entryIntoForceDate="2022-03-15" numberTitle="2022/427 (OJ L87)" programme="{e.programmes[0]}" logicalId="{la}">')
        x.append("      <publicationUrl>https://eur-lex.europa.eu/legal-content/EN/TXT/PDF/?uri=OJ:L:2022:087I:FULL</publicationUrl>")
        x.append("    </regulation>")
        x.append(f'    <subjectType code="{code}" classificationCode="{cls}"/>')
        names = [(e.primary, "true")] + [(al, "true" if qual == "strong" else "false") for al, qual in e.aliases]
        for i, (nm, strong) in enumerate(names):
            la += 1
            if code == "person" and i == 0:
                first, middle, last = e.parts
                attrs = (f'firstName={quoteattr(first)} middleName={quoteattr(middle or "")} '
                         f'lastName={quoteattr(last)} wholeName={quoteattr(nm)}')
            else:
                attrs = f'firstName="" middleName="" lastName="" wholeName={quoteattr(nm)}'
            x.append(f'    <nameAlias {attrs} function="" gender="" title="" nameLanguage="" '
                     f'strong="{strong}" regulationLanguage="en" logicalId="{la}">')
            x.append(f'      <regulationSummary regulationType="amendment" publicationDate="2022-03-15" numberTitle="2022/427 (OJ L87)" publicationUrl=""/>')
            x.append("    </nameAlias>")
            if i > 0:
                a += 1
        if e.nationality:
            la += 1
            x.append(f'    <citizenship region="" countryIso2Code="{e.nationality}" countryDescription="" regulationLanguage="en" logicalId="{la}"/>')
        for street, city, country, iso in e.addresses:
            la += 1
            x.append(f'    <address city={quoteattr(city)} street={quoteattr(street)} poBox="" zipCode="" region="" place="" '
                     f'asAtListingTime="false" contactInfo="" countryIso2Code="{iso}" countryDescription={quoteattr(country.upper())} '
                     f'regulationLanguage="en" logicalId="{la}"/>')
            d += 1
        x.append("  </sanctionEntity>")
        n += 1
    x.append("</export>")
    with open(os.path.join(out, "eu", "consolidated.xml"), "w", encoding="utf-8") as f:
        f.write("\n".join(x) + "\n")
    return n, a, d


def write_watchlist(entries, out):
    rows = ["name,aliases,country,bic,list name,reference"]
    n = a = d = 0
    for e in entries:
        if e.list_name != "BANK-WATCH":
            continue
        country = e.addresses[0][3] if e.addresses else ""
        rows.append(",".join([q(e.primary), q(";".join(al for al, _ in e.aliases)), country,
                              ";".join(e.bics), "BANK-WATCH", e.entry_id]))
        n += 1
        a += len(e.aliases)
        d += 1 if country else 0
    with open(os.path.join(out, "watchlist.csv"), "w", newline="", encoding="utf-8") as f:
        f.write("\n".join(rows) + "\n")
    return n, a, d


# ---------------------------------------------------------------------------
# Variants.
KEYBOARD_NEAR = {"A": "SQ", "E": "RW", "I": "OU", "O": "IP", "U": "YI", "N": "MB", "M": "N",
                 "S": "AD", "R": "ET", "T": "RY", "L": "K", "H": "GJ", "D": "SF", "K": "JL"}


def typo(token):
    """One typing error in a token of four or more letters; never the first letter of a
    four-letter token."""
    t = list(token)
    kind = rng.choice(["sub", "del", "ins", "swap"])
    lo = 1
    pos = rng.randint(lo, len(t) - 1)
    up = token.isupper()
    def letter(c):
        cu = c.upper()
        r = rng.choice(KEYBOARD_NEAR.get(cu, "AEIOU"))
        return r if up else r.lower()
    if kind == "sub":
        t[pos] = letter(t[pos])
    elif kind == "del":
        del t[pos]
    elif kind == "ins":
        t.insert(pos, letter(t[pos - 1]))
    else:
        if pos == len(t) - 1:
            pos -= 1
        t[pos], t[pos + 1] = t[pos + 1], t[pos]
    out = "".join(t)
    return out if out.upper() != token.upper() else typo(token)


def words(name):
    return name.replace(",", " ").split()


def alpha_words(ws):
    return [i for i, w in enumerate(ws) if w.isalpha() and len(w) >= 4]


def natural(e, name):
    """OFAC "LAST, First Middle" read in natural order."""
    if "," in name:
        last, given = name.split(",", 1)
        return f"{given.strip()} {last.strip().title()}"
    return name


def make_variants(e, name):
    out = []
    base = natural(e, name)
    ws = words(base)
    idx = alpha_words(ws)
    # One typo.
    for _ in range(2):
        if idx:
            w2 = list(ws)
            i = rng.choice(idx)
            w2[i] = typo(w2[i])
            out.append((" ".join(w2), "typo1"))
    # Two typos: in two tokens, or twice in one token of six or more letters.
    if len(idx) >= 2:
        w2 = list(ws)
        for i in rng.sample(idx, 2):
            w2[i] = typo(w2[i])
        out.append((" ".join(w2), "typo2"))
    long_idx = [i for i in idx if len(ws[i]) >= 7]
    if long_idx:
        w2 = list(ws)
        i = rng.choice(long_idx)
        t1 = typo(w2[i])
        t2 = typo(t1)
        if abs(len(t2) - len(w2[i])) <= 2:
            w2[i] = t2
            out.append((" ".join(w2), "typo2"))
    # Reordered words.
    if len(ws) >= 2:
        w2 = list(ws)
        for _ in range(5):
            rng.shuffle(w2)
            if w2 != ws:
                break
        if w2 != ws:
            out.append((" ".join(w2), "reorder"))
        if e.etype == "individual" and "," in name:
            out.append((name.replace(",", ""), "reorder"))  # "LAST First Middle"
    # Missing middle name.
    if e.etype == "individual" and e.parts and e.parts[1] and name == e.primary:
        first, middle, last = e.parts
        out.append((f"{first} {last}", "missing_middle"))
        out.append((f"{last}, {first}", "missing_middle"))
    # Transliteration.
    tr = [i for i, w in enumerate(ws) if w.upper() in TRANSLIT_OF]
    if tr:
        w2 = list(ws)
        i = rng.choice(tr)
        w2[i] = rng.choice(TRANSLIT_OF[ws[i].upper()])
        out.append((" ".join(w2), "translit"))
    # Diacritics added or removed.
    folded = fold(base)
    if folded != base:
        out.append((folded, "diacritics"))
    else:
        w2 = list(ws)
        cand = [i for i in idx]
        if cand:
            i = rng.choice(cand)
            w = list(w2[i])
            pos = [k for k, c in enumerate(w) if c.upper() in DIACRITIC_ADD]
            if pos:
                k = rng.choice(pos)
                rep = rng.choice(DIACRITIC_ADD[w[k].upper()])
                w[k] = rep if w[k].isupper() else rep.lower()
                w2[i] = "".join(w)
                out.append((" ".join(w2), "diacritics"))
    # Legal forms and honorifics.
    if e.etype == "entity":
        stripped = [w for w in ws if w.upper().replace(".", "") not in
                    {"LLC", "LTD", "LIMITED", "CO", "COMPANY", "SA", "GMBH", "FZE", "JSC", "PJSC",
                     "OOO", "INC", "CORP", "PLC", "AG", "SARL", "PTE"}]
        out.append((" ".join(stripped), "legal_form"))
        out.append((" ".join(stripped) + " " + rng.choice(LEGAL), "legal_form"))
        if idx:
            w2 = list(stripped)
            ii = [k for k, w in enumerate(w2) if w.isalpha() and len(w) >= 4]
            if ii:
                k = rng.choice(ii)
                w2[k] = typo(w2[k])
                out.append((" ".join(w2) + " " + rng.choice(LEGAL), "legal_form+typo1"))
    elif e.etype == "individual":
        out.append((f"{rng.choice(HONORIFICS)} {base}", "honorific"))
        if len(ws) >= 2 and idx:
            w2 = list(ws)
            rng.shuffle(w2)
            i = rng.choice([k for k, w in enumerate(w2) if w.isalpha() and len(w) >= 4] or [0])
            if len(w2[i]) >= 4:
                w2[i] = typo(w2[i])
                out.append((f"{rng.choice(HONORIFICS)} " + " ".join(w2), "honorific+reorder+typo1"))
    # Case and punctuation noise.
    out.append((base.lower(), "case"))
    if len(ws) >= 2:
        out.append(("-".join(ws[:2]) + (" " + " ".join(ws[2:]) if len(ws) > 2 else ""), "punctuation"))
    return out


def make_non_matches(entries, count):
    list_names = []
    for e in entries:
        if e.etype not in ("individual", "entity"):
            continue
        list_names.append(e.primary)
        list_names.extend(a for a, _ in e.aliases)
    list_firsts = sorted({f for c in LIST_FIRST.values() for f in c})
    list_lasts = sorted({s for c in LIST_SURNAME.values() for s in c})
    list_tokens = {t for n in list_names for t in norm_tokens(n)}
    clashes = [w for w in OTHER_FIRST + OTHER_SURNAME + OTHER_COMPANY_WORDS
               if any(t in list_tokens for t in norm_tokens(w))]
    assert not clashes, f"non-list pool words that are list tokens: {clashes}"
    out, seen = [], set()
    discarded = 0
    while len(out) < count:
        r = rng.random()
        shares = "-"
        if r < 0.30:      # a list given name with an ordinary surname
            first = rng.choice(list_firsts)
            name = f"{first} {rng.choice(OTHER_SURNAME)}"
            shares = first
            kind = "person"
        elif r < 0.50:    # an ordinary given name with a list surname
            last = rng.choice(list_lasts)
            name = f"{rng.choice(OTHER_FIRST)} {last}"
            shares = last
            kind = "person"
        elif r < 0.58:    # three-part names sharing one part
            first = rng.choice(list_firsts)
            name = f"{first} {rng.choice(OTHER_FIRST)} {rng.choice(OTHER_SURNAME)}"
            shares = first
            kind = "person"
        elif r < 0.75:    # ordinary names
            name = f"{rng.choice(OTHER_FIRST)} {rng.choice(OTHER_SURNAME)}"
            if rng.random() < 0.3:
                name = f"{rng.choice(OTHER_FIRST)} {rng.choice(OTHER_FIRST)} {rng.choice(OTHER_SURNAME)}"
            kind = "person"
        elif r < 0.87:    # companies sharing a list company word or industry
            if rng.random() < 0.5:
                w = rng.choice(LIST_COMPANY_WORDS)
                name = f"{w} {rng.choice(OTHER_INDUSTRIES)} {rng.choice(LEGAL)}"
                shares = w
            else:
                ind = rng.choice(INDUSTRIES)
                name = f"{rng.choice(OTHER_COMPANY_WORDS)} {ind} {rng.choice(LEGAL)}"
                shares = ind
            kind = "company"
        else:             # ordinary companies
            name = (f"{rng.choice(OTHER_COMPANY_WORDS)} {rng.choice(OTHER_COMPANY_WORDS)} "
                    f"{rng.choice(OTHER_INDUSTRIES)} {rng.choice(LEGAL)}")
            kind = "company"
        if name in seen:
            continue
        if any(within_variant_definition(name, ln) for ln in list_names):
            discarded += 1
            continue
        seen.add(name)
        out.append((name, kind, shares))
    return out, discarded


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data")
    entries = make_entries()
    counts = {
        "ofac": write_ofac(entries, out),
        "un": write_un(entries, out),
        "eu": write_eu(entries, out),
        "watchlist": write_watchlist(entries, out),
    }
    os.makedirs(os.path.join(out, "corpus"), exist_ok=True)
    variants = []
    for e in entries:
        if e.etype not in ("individual", "entity"):
            continue
        names = [e.primary] + [a for a, _ in e.aliases]
        for n in names:
            for v, kind in make_variants(e, n):
                variants.append((v, e.list_name, e.entry_id, kind, n))
    seen = set()
    with open(os.path.join(out, "corpus", "true_variants.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tlist\tentry_id\tkind\tsource_name\n")
        for v in variants:
            key = (v[0], v[2])
            if key in seen:
                continue
            seen.add(key)
            f.write("\t".join(v) + "\n")
    non, discarded = make_non_matches(entries, 1400)
    with open(os.path.join(out, "corpus", "non_matches.tsv"), "w", encoding="utf-8") as f:
        f.write("# name\tkind\tshares\n")
        for n in non:
            f.write("\t".join(n) + "\n")
    print(f"lists: {counts}")
    print(f"true variants: {len(seen)}; non-matches: {len(non)} "
          f"(discarded {discarded} candidates inside the variant definition)")


if __name__ == "__main__":
    main()
