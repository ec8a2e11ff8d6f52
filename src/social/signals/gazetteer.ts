/**
 * Offline gazetteer: country names (English, French, German, Spanish, Italian, Russian and the
 * native form), capitals and large cities, each mapped to ISO 3166-1 alpha-2. Written for this
 * project from common knowledge; nothing is downloaded. Names are matched after lower-casing and
 * removing accents, so "Genève" and "geneve" are one entry.
 */
const COUNTRIES = `
US|united states|united states of america|usa|u.s.a.|u.s.|america|etats-unis|états-unis|vereinigte staaten|estados unidos|stati uniti|сша|соединенные штаты|new york|nyc|los angeles|chicago|houston|phoenix|philadelphia|san antonio|san diego|dallas|san francisco|seattle|boston|miami|atlanta|washington dc|washington, d.c.|denver|detroit|las vegas|portland|austin|nashville|new orleans|brooklyn|manhattan
FR|france|frankreich|francia|франция|paris|marseille|lyon|toulouse|nice|nantes|strasbourg|montpellier|bordeaux|lille|rennes|reims|toulon|grenoble|dijon|angers|le havre|saint-etienne|brest|limoges|tours|amiens|metz|perpignan|besancon|orleans|rouen|caen|nancy|ile-de-france|bretagne|normandie|provence|corse|alsace|occitanie|auvergne
GB|united kingdom|uk|u.k.|great britain|britain|england|scotland|wales|northern ireland|royaume-uni|angleterre|grossbritannien|reino unido|regno unito|великобритания|london|londres|manchester|birmingham|liverpool|leeds|glasgow|edinburgh|bristol|sheffield|cardiff|belfast
DE|germany|deutschland|allemagne|alemania|germania|германия|berlin|hamburg|munich|munchen|koln|cologne|frankfurt|stuttgart|dusseldorf|dortmund|essen|leipzig|bremen|dresden|hannover|nurnberg|bayern|bavaria
ES|spain|espagne|spanien|espana|spagna|испания|madrid|barcelona|valencia|sevilla|seville|zaragoza|malaga|bilbao|catalunya|cataluna|catalonia|andalucia
IT|italy|italie|italien|italia|италия|rome|roma|milan|milano|naples|napoli|turin|torino|palermo|genoa|genova|bologna|florence|firenze|venice|venezia
RU|russia|russian federation|russie|russland|rusia|россия|российская федерация|moscow|moscou|moskau|moscu|москва|saint petersburg|st petersburg|st. petersburg|санкт-петербург|петербург|novosibirsk|новосибирск|yekaterinburg|екатеринбург|kazan|казань|nizhny novgorod|samara|omsk|rostov|ufa|krasnoyarsk|voronezh|perm|volgograd|краснодар|krasnodar|сочи|sochi
UA|ukraine|ukrainie|ucrania|ucraina|украина|україна|kyiv|kiev|київ|киев|kharkiv|kharkov|харків|харьков|odessa|odesa|одеса|одесса|dnipro|lviv|львів|львов|donetsk|донецк|zaporizhzhia
BE|belgium|belgique|belgien|belgica|belgio|бельгия|brussels|bruxelles|brussel|antwerp|anvers|antwerpen|ghent|gent|liege|charleroi
CH|switzerland|suisse|schweiz|suiza|svizzera|швейцария|zurich|geneva|geneve|genf|bern|berne|lausanne|basel|bale
CA|canada|канада|toronto|montreal|vancouver|calgary|ottawa|edmonton|winnipeg|quebec
NL|netherlands|the netherlands|holland|pays-bas|niederlande|paises bajos|paesi bassi|нидерланды|nederland|amsterdam|rotterdam|the hague|den haag|la haye|utrecht|eindhoven
PT|portugal|португалия|lisbon|lisbonne|lisboa|porto
BR|brazil|bresil|brasilien|brasil|brasile|бразилия|sao paulo|rio de janeiro|brasilia|salvador|fortaleza|belo horizonte
MX|mexico|mexique|mexiko|messico|мексика|mexico city|ciudad de mexico|guadalajara|monterrey
AR|argentina|argentine|argentinien|аргентина|buenos aires|cordoba|rosario
PL|poland|pologne|polen|polonia|польша|polska|warsaw|varsovie|warschau|warszawa|krakow|cracovie|wroclaw|gdansk
AT|austria|autriche|osterreich|австрия|vienna|vienne|wien|graz|salzburg
SE|sweden|suede|schweden|suecia|svezia|швеция|sverige|stockholm|gothenburg|goteborg|malmo
NO|norway|norvege|norwegen|noruega|norvegia|норвегия|norge|oslo|bergen
DK|denmark|danemark|danemark|dinamarca|danimarca|дания|danmark|copenhagen|copenhague|kobenhavn
FI|finland|finlande|finnland|finlandia|финляндия|suomi|helsinki
IE|ireland|irlande|irland|irlanda|ирландия|dublin|cork
GR|greece|grece|griechenland|grecia|греция|athens|athenes|athen|thessaloniki
TR|turkey|turkiye|turquie|turkei|turquia|turchia|турция|istanbul|ankara|izmir
IL|israel|израиль|jerusalem|tel aviv
IN|india|inde|indien|индия|new delhi|delhi|mumbai|bombay|bangalore|bengaluru|kolkata|chennai|hyderabad
CN|china|chine|chine|китай|beijing|pekin|shanghai|guangzhou|shenzhen
JP|japan|japon|giappone|япония|tokyo|osaka|kyoto|yokohama
AU|australia|australie|australien|австралия|sydney|melbourne|brisbane|perth|adelaide|canberra
NZ|new zealand|nouvelle-zelande|auckland|wellington
ZA|south africa|afrique du sud|sudafrica|юар|johannesburg|cape town|pretoria|durban
MA|morocco|maroc|marokko|marruecos|marocco|марокко|casablanca|rabat|marrakech|marrakesh|fes|tanger
DZ|algeria|algerie|algerien|argelia|алжир|algiers|alger|oran
TN|tunisia|tunisie|tunesien|tunez|тунис|tunis|sfax
EG|egypt|egypte|agypten|egipto|egitto|египет|cairo|le caire|alexandria
SA|saudi arabia|arabie saoudite|саудовская аравия|riyadh|jeddah|mecca
AE|united arab emirates|uae|emirats arabes unis|оаэ|dubai|abu dhabi
SY|syria|syrie|сирия|damascus|damas|aleppo|alep
IQ|iraq|irak|ирак|baghdad|bagdad
IR|iran|иран|tehran|teheran
LB|lebanon|liban|ливан|beirut|beyrouth
SN|senegal|dakar
CI|ivory coast|cote d'ivoire|cote divoire|abidjan
CM|cameroon|cameroun|yaounde|douala
NG|nigeria|lagos|abuja
KE|kenya|nairobi
BY|belarus|bielorussie|беларусь|белоруссия|minsk|минск
KZ|kazakhstan|казахстан|almaty|astana|алматы
GE|georgia (country)|sakartvelo|грузия|tbilisi|тбилиси
RS|serbia|serbie|сербия|belgrade|beograd|белград
HU|hungary|hongrie|ungarn|hungria|ungheria|венгрия|magyarorszag|budapest
CZ|czech republic|czechia|republique tcheque|tschechien|чехия|prague|praha|prag|brno
RO|romania|roumanie|rumanien|rumania|румыния|bucharest|bucarest|bukarest
BG|bulgaria|bulgarie|болгария|sofia
LU|luxembourg|luxemburg|luxemburgo
MC|monaco|monte carlo
VE|venezuela|caracas
CO|colombia|colombie|bogota|medellin
CL|chile|chili|santiago de chile
PE|peru|perou|lima
KR|south korea|korea|coree du sud|seoul|busan
PH|philippines|manila
ID|indonesia|indonesie|jakarta
PK|pakistan|karachi|lahore|islamabad
`;

/** US states and DC with their USPS abbreviations, so "Austin, TX" and "Ohio" both resolve to US. */
export const US_STATES = `alabama AL|alaska AK|arizona AZ|arkansas AR|california CA|colorado CO|connecticut CT|delaware DE|florida FL|georgia GA|hawaii HI|idaho ID|illinois IL|indiana IN|iowa IA|kansas KS|kentucky KY|louisiana LA|maine ME|maryland MD|massachusetts MA|michigan MI|minnesota MN|mississippi MS|missouri MO|montana MT|nebraska NE|nevada NV|new hampshire NH|new jersey NJ|new mexico NM|north carolina NC|north dakota ND|ohio OH|oklahoma OK|oregon OR|pennsylvania PA|rhode island RI|south carolina SC|south dakota SD|tennessee TN|texas TX|utah UT|vermont VT|virginia VA|washington WA|west virginia WV|wisconsin WI|wyoming WY|district of columbia DC`;

/** Lower-cased, accent-free name → ISO code. */
export const PLACE_NAMES: Map<string, string> = buildNames();
/** Upper-case USPS abbreviation → state name. */
export const US_ABBREVIATIONS: Map<string, string> = new Map(
  US_STATES.split('|').map((s) => {
    const abbr = s.slice(-2);
    return [abbr, s.slice(0, -3)];
  }),
);

function buildNames(): Map<string, string> {
  const m = new Map<string, string>();
  for (const line of COUNTRIES.trim().split('\n')) {
    const [code, ...names] = line.split('|');
    if (!code) continue;
    // The first spelling wins: "georgia" stays the US state, the country is "georgia (country)".
    for (const n of names) if (!m.has(fold(n))) m.set(fold(n), code);
  }
  for (const s of US_STATES.split('|')) {
    const name = fold(s.slice(0, -3));
    if (!m.has(name) || name === 'georgia') m.set(name, 'US');
  }
  return m;
}

/** Lower-case, strip accents (NFD + combining marks) and collapse spaces. */
export function fold(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}
