import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A small generated dump with planted truth for the triage stage: three mailboxes, one message
 * present in two of them byte for byte, one re-delivered with another Received header (exact
 * duplicate), one forwarded with a few words changed (near duplicate), a thread whose first
 * message is missing, an invoice with an IBAN and amounts, a password, a personal message, and one
 * person under three forms.
 */
export interface PlantedMessage {
  file: string;
  from: string;
  to: string;
  subject: string;
  date: string;
  messageId: string;
  inReplyTo?: string;
  references?: string;
  body: string;
  extraHeaders?: string[];
}

export function rfc822(m: PlantedMessage): string {
  const h = [
    ...(m.extraHeaders ?? []),
    `From: ${m.from}`,
    `To: ${m.to}`,
    `Subject: ${m.subject}`,
    `Date: ${m.date}`,
    `Message-ID: ${m.messageId}`,
    ...(m.inReplyTo ? [`In-Reply-To: ${m.inReplyTo}`] : []),
    ...(m.references ? [`References: ${m.references}`] : []),
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
  ];
  return `${h.join('\r\n')}\r\n\r\n${m.body.replace(/\n/g, '\r\n')}\r\n`;
}

const REPORT = `Bonjour à tous,
Voici le rapport hebdomadaire de la campagne dans les départements du nord. Les comités locaux ont organisé douze réunions publiques
cette semaine, avec une participation en hausse. Les bénévoles ont distribué vingt mille tracts sur les marchés et devant les gares.
Le budget des déplacements reste dans les limites prévues, mais la location des salles coûte plus cher que prévu à Lille et Amiens.
Nous proposons de regrouper les réunions du mois prochain pour réduire les frais et de privilégier les salles municipales.`;

export const MESSAGES: Record<string, PlantedMessage> = {
  invoice: {
    file: 'compta/1.eml',
    from: 'Imprimerie du Centre <factures@imprimerie.example>',
    to: 'Jean Dupont <jean.dupont@campagne.example>',
    subject: 'Facture n° 2017-0412',
    date: 'Wed, 12 Apr 2017 09:00:00 +0200',
    messageId: '<inv-412@imprimerie.example>',
    body: 'Bonjour,\nVeuillez trouver notre facture n° 2017-0412.\nMontant TTC : 2 400,00 €\nÀ régler par virement sur FR14 2004 1010 0505 0001 3M02 606 avant le 12/05/2017.\nCordialement,\nService comptabilité',
  },
  password: {
    file: 'jean/2.eml',
    from: 'Marie Martin <marie.martin@campagne.example>',
    to: 'Jean Dupont <jean.dupont@campagne.example>',
    subject: 'accès boîte presse',
    date: 'Thu, 13 Apr 2017 10:00:00 +0200',
    messageId: '<pw-1@campagne.example>',
    body: 'Jean,\nle mot de passe : Pr3sse!2017 pour la boîte presse.\nMarie',
  },
  personal: {
    file: 'jean/3.eml',
    from: 'Sophie <sophie.d@perso.example>',
    to: 'jean.dupont@campagne.example',
    subject: 'dimanche',
    date: 'Sat, 15 Apr 2017 18:00:00 +0200',
    messageId: '<perso-1@perso.example>',
    body: 'Coucou,\ntu viens déjeuner dimanche avec les enfants ? On a hâte de te voir.\nPS : mon compte pour le cadeau, FR76 3000 4000 0500 0012 3456 789.\nGrosses bises',
  },
  // A thread whose first message (<t0@…>) is not in the dump.
  reply1: {
    file: 'jean/4.eml',
    from: 'Luc Petit <luc.petit@campagne.example>',
    to: 'Jean Dupont <jean.dupont@campagne.example>, Marie Martin <marie.martin@campagne.example>',
    subject: 'RE : Budget déplacements',
    date: 'Mon, 17 Apr 2017 09:00:00 +0200',
    messageId: '<t1@campagne.example>',
    inReplyTo: '<t0@campagne.example>',
    references: '<t0@campagne.example>',
    body: 'D’accord pour réduire.\nLuc',
  },
  reply2: {
    file: 'marie/5.eml',
    from: 'Marie Martin <marie.martin@campagne.example>',
    to: 'Luc Petit <luc.petit@campagne.example>, Paul Leroy <paul.leroy@campagne.example>',
    subject: 'Re: RE : Budget déplacements',
    date: 'Mon, 17 Apr 2017 10:00:00 +0200',
    messageId: '<t2@campagne.example>',
    inReplyTo: '<t1@campagne.example>',
    references: '<t0@campagne.example> <t1@campagne.example>',
    body: 'Très bien.\nMarie',
  },
  sibling: {
    file: 'marie/6.eml',
    from: 'Paul Leroy <paul.leroy@campagne.example>',
    to: 'Jean Dupont <jean.dupont@campagne.example>',
    subject: 'Re: Budget déplacements',
    date: 'Mon, 17 Apr 2017 11:00:00 +0200',
    messageId: '<t3@campagne.example>',
    inReplyTo: '<t0@campagne.example>',
    references: '<t0@campagne.example>',
    body: 'Je valide aussi.\nPaul',
  },
  report: {
    file: 'jean/7.eml',
    from: 'Jean Dupont <jean.dupont@campagne.example>',
    to: 'equipe@campagne.example',
    subject: 'Rapport hebdomadaire',
    date: 'Fri, 21 Apr 2017 17:00:00 +0200',
    messageId: '<rep-1@campagne.example>',
    body: REPORT,
  },
  // Same message re-delivered: another Received header, so other bytes, same text.
  reportRedelivered: {
    file: 'marie/8.eml',
    from: 'Jean Dupont <jean.dupont@campagne.example>',
    to: 'equipe@campagne.example',
    subject: 'Rapport hebdomadaire',
    date: 'Fri, 21 Apr 2017 17:00:00 +0200',
    messageId: '<rep-1@campagne.example>',
    body: REPORT,
    extraHeaders: [
      'Received: from mx2.campagne.example by mail.campagne.example; Fri, 21 Apr 2017 17:00:05 +0200',
    ],
  },
  // Forwarded by another person with the greeting changed: a near duplicate.
  reportForward: {
    file: 'compta/9.eml',
    from: 'Luc Petit <luc.petit@campagne.example>',
    to: 'paul.leroy@campagne.example',
    subject: 'TR: Rapport hebdomadaire',
    date: 'Sat, 22 Apr 2017 08:00:00 +0200',
    messageId: '<fw-1@campagne.example>',
    body: REPORT.replace('Bonjour à tous,', 'Pour info, le rapport de Jean :'),
  },
  // The same person from a private address, without display name, signing "DUPONT Jean".
  jeanPrivate: {
    file: 'compta/10.eml',
    from: 'jd.1977@perso.example',
    to: 'factures@imprimerie.example',
    subject: 'Re: Facture n° 2017-0412',
    date: 'Thu, 13 Apr 2017 08:00:00 +0200',
    messageId: '<jd-1@perso.example>',
    inReplyTo: '<inv-412@imprimerie.example>',
    references: '<inv-412@imprimerie.example>',
    body: 'Bonjour,\nle virement de 2 400,00 € part demain.\n\nCordialement,\nDUPONT Jean\n\n> Veuillez trouver notre facture',
  },
};

/** Writes the dump; `jean/7.eml` is also copied byte for byte into `marie/7-copy.eml`. */
export function writeDump(dir: string): void {
  for (const m of Object.values(MESSAGES)) {
    const p = join(dir, m.file);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, rfc822(m));
  }
  writeFileSync(join(dir, 'marie/7-copy.eml'), rfc822(MESSAGES.report!));
}
