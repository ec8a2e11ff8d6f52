/**
 * Sentence pools for the banal bulk of the demo mail, by content kind and language. Bodies mix a
 * kind-specific sentence with general filler so no two messages share a template word for word
 * (otherwise the duplicate detector would rightly group them). `{x}` slots are filled per message.
 */
export type ContentKind =
  | 'invoice'
  | 'receipt'
  | 'loan'
  | 'recommendation'
  | 'note'
  | 'agenda'
  | 'booking'
  | 'press-release'
  | 'newsletter'
  | 'budget'
  | 'slides'
  | 'photo'
  | 'chat'
  | 'interview';

export const SUBJECTS: Record<ContentKind, { fr: string[]; en: string[] }> = {
  invoice: {
    fr: ['Facture {ref}', 'Votre facture n° {ref}', 'Facture {ref} – {place}'],
    en: ['Invoice {ref}'],
  },
  receipt: {
    fr: ['Reçu de paiement {ref}', 'Justificatif {ref}', 'Note de frais {place}'],
    en: ['Receipt {ref}'],
  },
  loan: {
    fr: ['Offre de prêt – dossier {ref}', 'Votre demande de financement {ref}', 'Échéancier du prêt {ref}'],
    en: ['Loan offer {ref}'],
  },
  recommendation: {
    fr: ['Recommandation : {person}', 'Candidature de {person}', "Un profil pour l'équipe {place}"],
    en: ['Reference for {person}'],
  },
  note: { fr: ['Note : {topic}', 'Point sur {topic}', 'Synthèse {topic}'], en: ['Memo: {topic}'] },
  agenda: {
    fr: ['Ordre du jour – réunion du {day}', 'Réunion {topic} {day}', 'Comité de pilotage du {day}'],
    en: ['Agenda for {day}'],
  },
  booking: {
    fr: [
      'Confirmation de réservation {ref}',
      'Votre réservation pour le {day}',
      'Réservation {place} – {day}',
    ],
    en: ['Booking confirmation {ref}'],
  },
  'press-release': {
    fr: ['Communiqué : {topic}', 'CP – {topic}', 'Projet de communiqué {topic}'],
    en: ['Press release: {topic}'],
  },
  newsletter: {
    fr: ['La lettre du {day}', 'Revue de presse du {day}', "L'essentiel de la semaine"],
    en: ['Weekly briefing {day}'],
  },
  budget: {
    fr: ['Budget {place} – version {n}', 'Tableau budgétaire {topic}', 'Prévisionnel {topic}'],
    en: ['Budget {topic} v{n}'],
  },
  slides: { fr: ['Présentation {topic}', 'Support pour le {day}', 'Slides {topic}'], en: ['Deck: {topic}'] },
  photo: {
    fr: ['Photos {place}', 'Photos du déplacement à {place}', 'Images meeting {place}'],
    en: ['Photos from {place}'],
  },
  chat: {
    fr: ['{topic}', 'Question rapide', 'Suite de notre échange', 'À propos de {topic}'],
    en: ['Quick question', '{topic}'],
  },
  interview: {
    fr: ["Demande d'interview", 'Entretien pour {outlet}'],
    en: ['Interview request – {outlet}', 'Request for comment: {topic}'],
  },
};

export const KIND_LINES: Record<ContentKind, { fr: string[]; en: string[] }> = {
  invoice: {
    fr: [
      "Veuillez trouver ci-joint la facture {ref} d'un montant de {amount} € TTC.",
      'Le règlement est attendu sous {n} jours par virement.',
      'La facture {ref} correspond à la prestation du {day} à {place}.',
      'Merci de nous indiquer le bon de commande à rappeler sur la facture.',
    ],
    en: ['Please find attached invoice {ref} for {amount} EUR.', 'Payment is due within {n} days.'],
  },
  receipt: {
    fr: [
      'Je vous transmets le reçu de {amount} € pour le déplacement à {place}.',
      "Le justificatif est joint, merci de l'ajouter à ma note de frais.",
      'Paiement reçu le {day}, référence {ref}.',
    ],
    en: ['Attached is the receipt for {amount} EUR.', 'Payment received on {day}.'],
  },
  loan: {
    fr: [
      "Suite à notre rendez-vous, voici l'offre de prêt de {amount} € sur {n} mois.",
      'Le taux proposé est de {rate} % hors assurance.',
      'Le comité de crédit a donné un avis favorable au dossier {ref}.',
      "Merci de nous retourner l'échéancier signé avant le {day}.",
    ],
    en: ['The loan offer of {amount} EUR over {n} months is attached.', 'The rate offered is {rate}%.'],
  },
  recommendation: {
    fr: [
      'Je me permets de vous recommander {person}, qui a travaillé avec nous à {place}.',
      '{person} a coordonné {n} bénévoles pendant la campagne municipale.',
      'Son CV est en pièce jointe, elle est disponible dès le {day}.',
    ],
    en: ['I am happy to recommend {person}, who worked with us in {place}.', 'The CV is attached.'],
  },
  note: {
    fr: [
      'Voici la note sur {topic} que nous avions évoquée.',
      'Trois options se dégagent ; la deuxième me paraît la plus réaliste.',
      "Je propose d'en discuter au comité du {day}.",
      "Les chiffres sont à confirmer avec l'équipe de {place}.",
    ],
    en: ['Here is the memo on {topic}.', 'Three options stand out; I would go with the second.'],
  },
  agenda: {
    fr: [
      "Ordre du jour de la réunion du {day} : 1. point d'étape {topic} ; 2. logistique {place} ; 3. questions diverses.",
      'La réunion aura lieu salle {n} à {time}.',
      'Merci de confirmer votre présence.',
    ],
    en: [
      'Agenda for {day}: 1. {topic} update; 2. logistics in {place}; 3. AOB.',
      'We meet in room {n} at {time}.',
    ],
  },
  booking: {
    fr: [
      'Nous avons le plaisir de confirmer votre réservation pour {n} personnes le {day} à {time}.',
      'Votre dossier {ref} est confirmé : départ de Paris le {day}, arrivée à {place}.',
      'Un acompte de {amount} € a été enregistré.',
    ],
    en: ['Your booking {ref} for {n} guests on {day} at {time} is confirmed.'],
  },
  'press-release': {
    fr: [
      'Vous trouverez ci-joint le projet de communiqué sur {topic}.',
      "Embargo jusqu'au {day} à {time}.",
      'Merci de relire avant diffusion à la presse régionale de {place}.',
    ],
    en: ['Attached is the draft press release on {topic}.', 'Embargoed until {day} {time}.'],
  },
  newsletter: {
    fr: [
      'Au sommaire cette semaine : {topic}, le déplacement à {place} et {n} nouvelles adhésions.',
      'Retrouvez tous nos articles sur notre site.',
      'Pour vous désinscrire, répondez STOP.',
    ],
    en: ['This week: {topic}, a visit to {place} and {n} new members.', 'To unsubscribe, reply STOP.'],
  },
  budget: {
    fr: [
      'Ci-joint la version {n} du budget {place}.',
      "Le poste communication dépasse de {amount} € l'enveloppe prévue.",
      'Merci de valider les lignes logistique avant le {day}.',
    ],
    en: ['Attached is version {n} of the {place} budget.', 'Communication is {amount} EUR over.'],
  },
  slides: {
    fr: [
      'Voici le support pour la présentation du {day} sur {topic}.',
      "J'ai repris les graphiques de la dernière réunion.",
      "N'hésite pas à corriger la diapositive {n}.",
    ],
    en: ['Here are the slides for {day} on {topic}.', 'Feel free to fix slide {n}.'],
  },
  photo: {
    fr: [
      'Quelques photos prises à {place} le {day}.',
      'Les originaux sont en haute définition si besoin.',
      'Pour le site et les réseaux, celle-ci me semble la meilleure.',
    ],
    en: ['A few pictures from {place} on {day}.'],
  },
  chat: {
    fr: [
      'Est-ce que tu peux me rappeler au sujet de {topic} ?',
      'On se voit {day} pour en parler ?',
      "J'ai eu {person} au téléphone, c'est d'accord pour {place}.",
      "Peux-tu vérifier avec l'équipe de {place} ?",
    ],
    en: ['Can we talk about {topic}?', 'Let us meet on {day}.'],
  },
  interview: {
    fr: [
      'Je prépare un article sur {topic} pour {outlet} et souhaiterais un entretien.',
      'Seriez-vous disponible {day} à {time} ?',
    ],
    en: [
      'I am writing a piece on {topic} for {outlet} and would welcome an interview.',
      'Would {day} at {time} work for you?',
      'Our deadline is {day}.',
    ],
  },
};

export const FILLER: { fr: string[]; en: string[] } = {
  fr: [
    'Je reste à ta disposition pour en parler.',
    'Dis-moi si quelque chose ne va pas.',
    'Comme convenu hier au téléphone.',
    "J'ai mis {person} en copie pour information.",
    'Le planning est serré mais tenable.',
    "Rien d'urgent, mais à traiter cette semaine.",
    'On en reparle au point du lundi.',
    "J'ai relu rapidement, ça me semble bon.",
    'Il manque encore la validation du trésorier.',
    "La salle de {place} est réservée jusqu'à 22 h.",
    'Les bénévoles de {place} sont très mobilisés.',
    "Je serai en déplacement jusqu'à jeudi.",
    'Pense à mettre à jour le tableau partagé.',
    'Merci pour ta réactivité.',
    'Le prestataire attend notre retour.',
    "Je n'ai pas encore eu de réponse de la mairie.",
    'Nous avons déjà {n} inscrits.',
    'La version précédente comportait une erreur de date.',
    "C'est cohérent avec ce qu'on avait dit en comité.",
    "Je préfère qu'on garde ça en interne pour l'instant.",
    'Le train arrive à {place} vers {time}.',
    'Il faudra prévoir un micro supplémentaire.',
    "Je t'envoie la suite demain matin.",
    "Les affiches partent à l'impression vendredi.",
    'La presse locale sera présente.',
    'Attention au budget transport.',
  ],
  en: [
    'Let me know if you have any questions.',
    'Happy to discuss by phone.',
    'Thanks for your help on this.',
    'I have copied {person} for information.',
    'Our editor would like this by {day}.',
    'I will be in Paris next week.',
    'The schedule is tight but doable.',
    'Looking forward to hearing from you.',
  ],
};

export const TOPICS = {
  fr: [
    'le programme éducation',
    'la tournée régionale',
    'le meeting de Lyon',
    'les dons en ligne',
    'la stratégie numérique',
    'le recrutement des bénévoles',
    'la réforme du travail',
    'la politique européenne',
    'le financement de la campagne',
    'la logistique des déplacements',
    'le débat télévisé',
    'les législatives',
  ],
  en: ['the French election', 'the campaign finances', 'European policy', 'the debate', 'digital strategy'],
} as const;

export const PLACES = [
  'Lyon',
  'Marseille',
  'Lille',
  'Bordeaux',
  'Nantes',
  'Strasbourg',
  'Toulouse',
  'Rennes',
  'Nice',
  'Pau',
  'Amiens',
  'Dijon',
  'Arras',
  'Albi',
] as const;
export const OUTLETS = [
  'The Daily Ledger',
  'Le Quotidien',
  'Radio Centre',
  'Le Petit Journal du Nord',
] as const;
