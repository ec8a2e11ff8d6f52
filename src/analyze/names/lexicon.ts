import { FIRST_NAMES_TEXT } from './first-names-data.js';

/**
 * Word lists of the name finder (recognize.ts), French and English. Facts, written here by hand
 * (countries, cities, honorifics), except the first names (first-names-data.ts, MIT, from faker).
 * Everything is compared folded: lower case, accents removed (fold below).
 */
const FOLDED = new Map<string, string>();
/** Words folded so far (the same words recur across a dump); cleared past this many entries. */
const MAX_FOLD_CACHE = 200_000;

export function fold(s: string): string {
  let f = FOLDED.get(s);
  if (f !== undefined) return f;
  f = /^[\x20-\x7e]*$/.test(s)
    ? s.toLowerCase()
    : s
        .normalize('NFD')
        .replace(/\p{M}+/gu, '')
        .toLowerCase()
        .replace(/’/g, "'");
  if (FOLDED.size >= MAX_FOLD_CACHE) FOLDED.clear();
  FOLDED.set(s, f);
  return f;
}

const set = (s: string) => new Set(s.split('|').map(fold));

/** Courtesy titles written before a name ("M. Dupont", "Mme Durand", "Dr Watson"). */
export const HONORIFICS = set(
  'M|MM|Mme|Mmes|Mlle|Mlles|Me|Maître|Dr|Docteur|Pr|Prof|Professeur|Professor|Mr|Mrs|Ms|Miss|Sir|Dame|Lord|Lady|Monsieur|Madame|Mademoiselle|Messieurs|Mesdames|Monseigneur|Mgr|Père|Sœur|Saint|Rev|Général|General|Colonel|Capitaine|Captain|Commandant|Lieutenant|Sénateur|Senator|Rep|Sen|Gov|Governor',
);

/** Roles written before a name, usually in lower case ("le président Macron", "minister Johnson"). */
export const ROLE_TITLES = set(
  'président|présidente|president|ministre|minister|premier|secrétaire|secretary|directeur|directrice|director|député|députée|sénateur|sénatrice|maire|mayor|conseiller|conseillère|adviser|advisor|porte-parole|spokesman|spokeswoman|spokesperson|trésorier|trésorière|treasurer|candidat|candidate|chancelier|chancellor|ambassadeur|ambassadrice|ambassador|juge|judge|avocat|avocate|lawyer|attorney|procureur|prosecutor|commissaire|commissioner|préfet|préfète|chairman|chairwoman|chair|ceo|pdg|dg|chef|cheffe|journaliste|journalist|collègue|colleague|ami|amie|friend|confrère|consœur|délégué|déléguée|général|délégué|mr|mrs|cher|chère|dear',
);

/** Words that make a capitalised run an organisation wherever they stand in it. */
export const ORG_WORDS = set(
  'Inc|Incorporated|Crédit|Credit|Ltd|Limited|LLC|LLP|PLC|Corp|Corporation|Co|Company|GmbH|AG|SA|SAS|SASU|SARL|EURL|SCI|SNC|NV|BV|Group|Groupe|Holding|Holdings|Bank|Banque|Ministère|Ministry|Ministre|Department|Département|Université|University|Universität|College|Collège|Lycée|School|École|Ecole|Institut|Institute|Association|Fondation|Foundation|Fund|Fonds|Parti|Party|Agency|Agence|Commission|Council|Conseil|Committee|Comité|Société|Society|Federation|Fédération|Union|Syndicat|Assemblée|Assembly|Sénat|Senate|Parliament|Parlement|Tribunal|Court|Cour|Office|Bureau|Authority|Autorité|Caisse|Mutuelle|Assurances|Insurance|Hôpital|Hospital|Clinique|Clinic|Centre|Center|Laboratoire|Laboratories|Labs|Consulting|Partners|Associés|Media|Médias|News|Press|Presse|Times|Journal|Gazette|Airlines|Airways|Telecom|Technologies|Technology|Systems|Solutions|Services|Industries|Capital|Investments|Ventures|Foundation|Trust|Network|Réseau|Mouvement|Movement|Alliance|Coalition|Front|Rassemblement|Republicans|Démocrates|Democrats|Police|Gendarmerie|Préfecture|Mairie|Région|Administration|Direction|Secrétariat|Cabinet|Élysée|Elysée|Matignon|Quai|Commissariat|Organisation|Organization|Nations',
);

/** Lower-case words allowed after an organisation head ("Parti socialiste", "Assemblée nationale"). */
export const ORG_ADJECTIVES = set(
  'nationale|national|nationaux|générale|général|socialiste|républicain|républicains|constitutionnel|constitutionnelle|européenne|européen|française|français|fédérale|fédéral|centrale|central|populaire|communiste|écologiste|municipal|municipale|régional|régionale|départemental|départementale|supérieur|supérieure|internationale|international|publique|public|territorial|territoriale|démocrate|insoumise|administratif|administrative|militaire|diplomatique',
);

/** Lower-case particles inside names ("Charles de Gaulle", "Banque de France", "Ministry of Defence"). */
export const CONNECTORS = set(
  "de|du|des|d'|van|von|der|den|da|di|dos|del|della|of|for|la|le|l'|y|bin|ibn|al|el",
);

/**
 * Capitalised words that begin sentences, greetings and dates but are not names; a run loses them
 * at its start, and a run made only of them is no name.
 */
export const STOP_WORDS = set(
  [
    // French
    'Le|La|Les|L|Un|Une|Des|Du|De|Au|Aux|Ce|Cet|Cette|Ces|Mon|Ma|Mes|Ton|Ta|Tes|Son|Sa|Ses|Notre|Nos|Votre|Vos|Leur|Leurs|Je|J|Tu|Il|Elle|On|Nous|Vous|Ils|Elles|Et|Ou|Mais|Donc|Or|Ni|Car|Si|Que|Qui|Quoi|Quand|Comme|Comment|Pourquoi|Où|Pour|Par|Sur|Sous|Dans|Avec|Sans|Chez|Entre|Vers|Après|Avant|Depuis|Pendant|Selon|En|À|A|Y|Ne|Pas|Plus|Moins|Très|Bien|Bonjour|Bonsoir|Salut|Coucou|Merci|Cordialement|Amicalement|Bises|Bisous|Cher|Chère|Chers|Chères|Objet|Envoyé|Date|Oui|Non|Voici|Voilà|Ci|Ceci|Cela|Ça|Tout|Tous|Toute|Toutes|Aucun|Chaque|Certains|Plusieurs|Pièce|Jointe|PJ|Réf|Tél|Fax|Adresse|Rappel|Urgent|Important|Attention|Note|Merci|Félicitations|Bravo|Désolé|Excuse|Excusez|Voir|Vu|Suite|Ok|Re|Tr|Fwd|Fw|Cc|Cci|Mail|Email|Courriel|Facture|Devis|Contrat|Réunion|Rendez|Budget|Rapport|Projet|Document|Total|Montant|Prix|Page|Annexe|Article|Chapitre|Version|Bon|Bonne|Nouveau|Nouvelle|Premier|Première|Dernier|Dernière|Prochain|Prochaine|Hier|Aujourd|Demain|Ici|Là|Encore|Déjà|Aussi|Alors|Ensuite|Enfin|Puis|Sinon|Peut|Faut|Est|Sont|Suis|Sera|Était|Ai|As|Avons|Avez|Ont|Fait|Faire|Dois|Doit|Pouvez|Pourriez|Merci',
    // English
    "The|A|An|This|That|These|Those|My|Your|His|Her|Its|Our|Their|I|You|He|She|It|We|They|Me|Him|Us|Them|And|Or|But|So|If|When|While|Where|What|Who|Whom|Which|Why|How|As|At|By|For|From|In|Into|On|Onto|Of|Off|Out|Over|Under|To|With|Without|About|After|Before|During|Since|Until|Upon|Hi|Hello|Hey|Dear|Thanks|Thank|Regards|Best|Kind|Warm|Cheers|Sincerely|Yours|Please|Sorry|Yes|No|Not|Here|There|Now|Then|Today|Tomorrow|Yesterday|Subject|Sent|Date|Re|Fwd|Fw|Cc|Bcc|Attached|Attachment|Note|Also|Just|All|Any|Some|Each|Every|Both|Either|Neither|Many|Much|More|Most|Other|Another|Such|Only|Own|Same|Very|Can|Could|Will|Would|Shall|Should|May|Might|Must|Do|Does|Did|Is|Are|Was|Were|Be|Been|Have|Has|Had|Let|Lets|Let's|Please|Invoice|Meeting|Report|Project|Budget|Update|Urgent|Important|Reminder|Total|Amount|Page|Annex|Section|Chapter|Version|New|Good|Great|First|Last|Next|Well|Ok|Okay|Yes|Our|Following|Further|Per|Via|Re",
    // days and months
    'Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|Janvier|Février|Mars|Avril|Mai|Juin|Juillet|Août|Septembre|Octobre|Novembre|Décembre|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|January|February|March|April|June|July|August|September|October|November|December|Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec',
  ].join('|'),
);

/** Acronyms in capitals that are not organisations (formats, currencies, units, mail words). */
export const NOT_ACRONYMS = set(
  'PDF|DOC|DOCX|XLS|XLSX|PPT|JPG|JPEG|PNG|ZIP|HTML|HTTP|HTTPS|URL|WWW|CC|CCI|BCC|RE|TR|FW|FWD|PJ|PS|NB|OK|TVA|VAT|HT|TTC|EUR|USD|GBP|CHF|RUB|RIB|IBAN|BIC|SWIFT|CV|FAQ|ASAP|FYI|TBD|ETA|AM|PM|CET|CEST|UTC|GMT|EST|PST|ID|NO|NON|OUI|YES|TEL|FAX|MOB|RDV|ORDRE|JOUR|URGENT|IMPORTANT|CONFIDENTIEL|CONFIDENTIAL|DRAFT|BROUILLON|NOTE|TOTAL|PS|QR|SMS|MMS|GSM|PC|IT|HR|RH|CEO|CFO|CTO|COO|PDG|DG|DRH|DAF|VP|SVP|STP|MERCI|THANKS|OBJET|SUBJECT|DATE|FROM|TO|DE|A|À|LE|LA|LES|THE|AND|ET|OU|OR|II|III|IV|VI|VII|VIII|IX|XI|XII|XX|XXI',
);

/**
 * Countries (English and French), world capitals and large cities, French regions, cities and
 * départements most often written in French correspondence. Multi-word entries match as a whole.
 */
export const PLACES = set(
  [
    'France|Allemagne|Germany|Royaume-Uni|United Kingdom|UK|Grande-Bretagne|Great Britain|Britain|Angleterre|England|Écosse|Scotland|Irlande|Ireland|Pays de Galles|Wales|Espagne|Spain|Portugal|Italie|Italy|Belgique|Belgium|Pays-Bas|Netherlands|Hollande|Holland|Luxembourg|Suisse|Switzerland|Autriche|Austria|Pologne|Poland|Suède|Sweden|Norvège|Norway|Danemark|Denmark|Finlande|Finland|Islande|Iceland|Grèce|Greece|Turquie|Turkey|Russie|Russia|Ukraine|Biélorussie|Belarus|Roumanie|Romania|Bulgarie|Bulgaria|Hongrie|Hungary|Tchéquie|République tchèque|Czech Republic|Czechia|Slovaquie|Slovakia|Slovénie|Slovenia|Croatie|Croatia|Serbie|Serbia|Bosnie|Bosnia|Albanie|Albania|Macédoine|Macedonia|Monténégro|Montenegro|Kosovo|Moldavie|Moldova|Géorgie|Georgia|Arménie|Armenia|Azerbaïdjan|Azerbaijan|Kazakhstan|Ouzbékistan|Uzbekistan|Lituanie|Lithuania|Lettonie|Latvia|Estonie|Estonia|Malte|Malta|Chypre|Cyprus|Monaco|Andorre|Andorra|Liechtenstein|Europe|Afrique|Africa|Asie|Asia|Amérique|America|Océanie|Oceania|Antarctique|Antarctica|Moyen-Orient|Middle East|Proche-Orient',
    "États-Unis|Etats-Unis|United States|USA|US|Canada|Mexique|Mexico|Brésil|Brazil|Argentine|Argentina|Chili|Chile|Pérou|Peru|Colombie|Colombia|Venezuela|Équateur|Ecuador|Bolivie|Bolivia|Uruguay|Paraguay|Cuba|Haïti|Haiti|Jamaïque|Jamaica|Panama|Costa Rica|Guatemala|Honduras|Nicaragua|Salvador|Chine|China|Japon|Japan|Corée|Korea|Corée du Sud|South Korea|Corée du Nord|North Korea|Inde|India|Pakistan|Bangladesh|Sri Lanka|Népal|Nepal|Afghanistan|Iran|Irak|Iraq|Syrie|Syria|Liban|Lebanon|Israël|Israel|Palestine|Jordanie|Jordan|Arabie saoudite|Saudi Arabia|Émirats arabes unis|United Arab Emirates|Qatar|Koweït|Kuwait|Bahreïn|Bahrain|Oman|Yémen|Yemen|Égypte|Egypt|Libye|Libya|Tunisie|Tunisia|Algérie|Algeria|Maroc|Morocco|Mauritanie|Mauritania|Mali|Niger|Nigeria|Tchad|Chad|Soudan|Sudan|Éthiopie|Ethiopia|Somalie|Somalia|Kenya|Ouganda|Uganda|Tanzanie|Tanzania|Rwanda|Burundi|Congo|RDC|Cameroun|Cameroon|Gabon|Sénégal|Senegal|Côte d'Ivoire|Ivory Coast|Ghana|Togo|Bénin|Benin|Burkina Faso|Guinée|Guinea|Madagascar|Maurice|Mauritius|Afrique du Sud|South Africa|Angola|Mozambique|Zimbabwe|Zambie|Zambia|Namibie|Namibia|Botswana|Australie|Australia|Nouvelle-Zélande|New Zealand|Indonésie|Indonesia|Malaisie|Malaysia|Singapour|Singapore|Thaïlande|Thailand|Vietnam|Viêt Nam|Cambodge|Cambodia|Laos|Birmanie|Myanmar|Philippines|Taïwan|Taiwan|Mongolie|Mongolia|Hong Kong",
    'Paris|Londres|London|Berlin|Madrid|Rome|Lisbonne|Lisbon|Bruxelles|Brussels|Amsterdam|La Haye|The Hague|Genève|Geneva|Zurich|Berne|Bern|Lausanne|Vienne|Vienna|Varsovie|Warsaw|Prague|Budapest|Bucarest|Bucharest|Sofia|Athènes|Athens|Istanbul|Ankara|Moscou|Moscow|Saint-Pétersbourg|St Petersburg|Kiev|Kyiv|Minsk|Tbilissi|Tbilisi|Stockholm|Oslo|Copenhague|Copenhagen|Helsinki|Dublin|Édimbourg|Edinburgh|Manchester|Birmingham|Liverpool|Oxford|Cambridge|Munich|Francfort|Frankfurt|Hambourg|Hamburg|Cologne|Milan|Naples|Turin|Florence|Venise|Venice|Barcelone|Barcelona|Séville|Seville|Porto|Strasbourg|Luxembourg|Monaco|New York|Washington|Los Angeles|San Francisco|Chicago|Boston|Miami|Seattle|Houston|Dallas|Atlanta|Montréal|Montreal|Québec|Quebec|Toronto|Ottawa|Vancouver|Mexico|Rio de Janeiro|São Paulo|Buenos Aires|Pékin|Beijing|Shanghai|Tokyo|Séoul|Seoul|Delhi|New Delhi|Mumbai|Bombay|Dubaï|Dubai|Abou Dabi|Abu Dhabi|Doha|Riyad|Riyadh|Téhéran|Tehran|Bagdad|Baghdad|Damas|Damascus|Beyrouth|Beirut|Jérusalem|Jerusalem|Tel Aviv|Le Caire|Cairo|Tunis|Alger|Algiers|Rabat|Casablanca|Marrakech|Dakar|Abidjan|Bamako|Kinshasa|Nairobi|Johannesburg|Le Cap|Cape Town|Sydney|Melbourne',
    'Lyon|Marseille|Toulouse|Nice|Nantes|Montpellier|Bordeaux|Lille|Rennes|Reims|Le Havre|Saint-Étienne|Toulon|Grenoble|Dijon|Angers|Nîmes|Villeurbanne|Clermont-Ferrand|Le Mans|Aix-en-Provence|Brest|Tours|Amiens|Limoges|Annecy|Perpignan|Boulogne-Billancourt|Metz|Besançon|Orléans|Rouen|Mulhouse|Caen|Nancy|Argenteuil|Saint-Denis|Montreuil|Roubaix|Tourcoing|Avignon|Poitiers|Versailles|Pau|La Rochelle|Calais|Cannes|Antibes|Ajaccio|Bastia|Bayonne|Biarritz|Lourdes|Chartres|Troyes|Colmar|Vannes|Quimper|Lorient|Saint-Malo|Cherbourg|Arras|Dunkerque|Valence|Chambéry|Neuilly-sur-Seine|Levallois-Perret|Issy-les-Moulineaux|Nanterre|Créteil|Bobigny|Évry|Cergy|Pontoise|Vincennes|Courbevoie|La Défense|Fontainebleau|Deauville|Vichy|Amboise|Laval|Niort|Angoulême|Périgueux|Agen|Tarbes|Albi|Carcassonne|Béziers|Sète|Arles|Fréjus|Menton|Gap|Valenciennes|Douai|Lens|Béthune|Beauvais|Compiègne|Soissons|Laon|Saint-Quentin|Épinal|Belfort|Mâcon|Auxerre|Nevers|Bourges|Châteauroux|Blois|Vierzon|Guéret|Tulle|Brive|Aurillac|Rodez|Cahors|Montauban|Auch|Foix|Mende|Privas|Digne|Cayenne|Pointe-à-Pitre|Fort-de-France|Nouméa|Papeete',
    "Île-de-France|Ile-de-France|Normandie|Normandy|Bretagne|Brittany|Alsace|Lorraine|Provence|Côte d'Azur|Corse|Corsica|Bourgogne|Burgundy|Aquitaine|Nouvelle-Aquitaine|Occitanie|Auvergne|Auvergne-Rhône-Alpes|Rhône-Alpes|Hauts-de-France|Grand Est|Pays de la Loire|Centre-Val de Loire|Champagne|Picardie|Savoie|Haute-Savoie|Gironde|Var|Vaucluse|Hérault|Gard|Finistère|Morbihan|Seine-Saint-Denis|Hauts-de-Seine|Val-de-Marne|Essonne|Yvelines|Val-d'Oise|Seine-et-Marne|Guadeloupe|Martinique|Guyane|La Réunion|Réunion|Mayotte|Nouvelle-Calédonie|Polynésie|Californie|California|Texas|Floride|Florida|Virginie|Virginia|Bavière|Bavaria|Catalogne|Catalonia|Flandre|Flanders|Wallonie|Wallonia|Sibérie|Siberia|Crimée|Crimea|Donbass|Tchétchénie|Chechnya|Seine|Loire|Rhône|Rhin|Rhine|Tamise|Thames|Méditerranée|Mediterranean|Atlantique|Atlantic|Pacifique|Pacific|Alpes|Alps|Pyrénées|Pyrenees|Manche|Sahara|Sahel",
  ].join('|'),
);

/** Common first names (French, English and European), folded. */
export const FIRST_NAMES = new Set(FIRST_NAMES_TEXT.split(' ').map(fold));

/** First names in the list that are also common words, months or places: never a name on their own. */
export const AMBIGUOUS_FIRST_NAMES = set(
  'May|June|April|August|Will|Bill|Grace|Rose|Hope|Faith|Joy|Paris|Florence|Victoria|Virginia|Georgia|Sydney|Lourdes|Chance|Major|King|Sterling|Justice|Young|Ray|Dean|Mark|Art|Bob|Sunny|Summer|Autumn|Winter|Dawn|Eve|Amber|Crystal|Ruby|Jade|Pearl|Angel|Colombe|Prosper|Constant|Modeste|Aimé|Désiré|Fidèle|Parfait|France|Marine|Océane|Olive|Violette|Reine|Constance|Patience|Prudence|Clémence|Avril|Mars|Mai|Août|Juin|Noël|Lyon|Nancy|Valence|Orange|Laval|Tours|Marseille|Sofia|Vienne|Chelsea|Madison|Jordan|Chad|Israel|Kenya|Georgie|Sierra|Brooklyn|Dallas|Houston|Austin|Tyler|Page|Hunter|Chase|Bishop|Page|Price|Rich|Rocky|Forest|Don|Dot|Pat|Gene|Sue|Lane|Al|Ma|Ha|Le|La|Lu|Do|So|Sol|Mon',
);
