import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkText, sentencesOf, type GlossaryEntry } from './check.ts';

const entry = (
  term: string,
  expansion: string | null,
  explanation = 'Explained.',
): GlossaryEntry => ({
  id: term,
  slug: term.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  term,
  expansion,
  explanation,
});

const english: GlossaryEntry[] = [
  entry('APB', 'Area Planning Board'),
  entry('OST', 'opioid substitution therapy'),
  entry('naloxone', null),
  entry('harm reduction', null),
  entry('commissioning', null),
  entry('dual diagnosis', null),
];
const welsh: GlossaryEntry[] = [
  entry('BCA', 'Bwrdd Cynllunio Ardal'),
  entry('naloxone', null),
  entry('lleihau niwed', null),
  entry('comisiynu', null),
];

const boardPaper = `Update on the treatment system

The APB agreed in March that the commissioning of tier 3 services would move to a single provider. The SMS reported that waiting times for OST fell from 21 days to 9 days over the quarter.

Take-home naloxone was given to 412 people, and the harm reduction team will work with the NSP sites in the spring, subject to the outcome of the budget round that the board will consider when it meets later in the year after the consultation closes.

Next steps: the DDAS will report to the board. Contact the team if you have questions.`;

const papurBwrdd = `Diweddariad ar y system driniaeth

Cytunodd y BCA ym mis Mawrth y bydd comisiynu gwasanaethau haen 3 yn symud at un darparwr. Rhoddwyd naloxone i fynd adref i 412 o bobl.

Bydd y tîm lleihau niwed yn gweithio gyda safleoedd y rhaglen nodwyddau a chwistrelli (RhNCh) yn y gwanwyn, yn amodol ar ganlyniad y rownd gyllideb y bydd y bwrdd yn ei hystyried pan fydd yn cyfarfod yn ddiweddarach yn y flwyddyn ar ôl i'r ymgynghoriad gau.

Camau nesaf: bydd y GCA yn adrodd i'r bwrdd.`;

describe('jargon check', () => {
  it('finds the glossary terms a board paper uses, in the order they appear', () => {
    const result = checkText(boardPaper, 'en', english);
    assert.deepEqual(
      result.terms.map((term) => term.term),
      ['APB', 'commissioning', 'OST', 'naloxone', 'harm reduction'],
    );
  });

  it('lists acronyms explained neither in the text nor in the glossary', () => {
    const result = checkText(boardPaper, 'en', english);
    assert.deepEqual(
      result.acronyms.map((a) => a.acronym),
      ['SMS', 'NSP', 'DDAS'],
    );
  });

  it('accepts an acronym the glossary holds even without an expansion', () => {
    const result = checkText('Send a sample to WEDINOS.', 'en', [entry('WEDINOS', null)]);
    assert.deepEqual(result.acronyms, []);
    assert.equal(result.terms.length, 1);
  });

  it('accepts an acronym expanded in the text, either way round', () => {
    const text =
      'The Substance Misuse Service (SMS) opens at ten. The NSP (needle and syringe programme) is next door. The SMS is busy.';
    const result = checkText(text, 'en', []);
    assert.deepEqual(result.acronyms, []);
  });

  it('does not count a shouted heading or everyday acronyms as jargon', () => {
    const result = checkText('PLEASE NOTE the NHS and your GP can help.', 'en', []);
    assert.deepEqual(result.acronyms, []);
  });

  it('quotes sentences over 25 words and counts them in the readability figures', () => {
    const result = checkText(boardPaper, 'en', english);
    assert.equal(result.longSentences.length, 1);
    assert.match(result.longSentences[0]!.text, /^Take-home naloxone/);
    assert.ok(result.longSentences[0]!.words > 25);
    assert.ok(result.readability.sentences >= 6, `sentences: ${result.readability.sentences}`);
  });

  it('gives English a Flesch reading ease with a plain label', () => {
    const plain = checkText(
      'We meet on Monday. Bring a friend if you like. There is tea and cake. The bus stops by the door.',
      'en',
      [],
    );
    assert.ok(
      plain.readability.fleschReadingEase! >= 80,
      String(plain.readability.fleschReadingEase),
    );
    assert.ok(['veryEasy', 'easy'].includes(plain.readability.label!));
    const hard = checkText(
      'Commissioning organisations must demonstrate comprehensive multidisciplinary accountability regarding therapeutic interventions. Organisational infrastructure necessitates considerable administrative reconfiguration.',
      'en',
      [],
    );
    assert.ok(hard.readability.fleschReadingEase! < 30, String(hard.readability.fleschReadingEase));
    assert.equal(hard.readability.label, 'veryDifficult');
  });

  it('checks Welsh: its glossary terms, unexplained acronyms, sentence length without Flesch', () => {
    const result = checkText(papurBwrdd, 'cy', welsh);
    assert.deepEqual(
      result.terms.map((term) => term.term),
      ['BCA', 'comisiynu', 'naloxone', 'lleihau niwed'],
    );
    assert.deepEqual(
      result.acronyms.map((a) => a.acronym),
      ['GCA'],
    );
    assert.equal(result.readability.fleschReadingEase, null);
    assert.equal(result.longSentences.length, 1);
    assert.match(result.longSentences[0]!.text, /^Bydd y tîm lleihau niwed/);
    assert.ok(result.readability.averageSentenceLength > 5);
    assert.ok(result.readability.longSentenceShare > 0);
    assert.ok(result.readability.label);
  });

  it('finds a term by its expansion too, and whole words only', () => {
    const result = checkText(
      'The Area Planning Board met. Unnaloxoned is not a word.',
      'en',
      english,
    );
    assert.deepEqual(
      result.terms.map((term) => term.term),
      ['APB'],
    );
  });

  it('splits headings and list items into their own sentences', () => {
    const sentences = sentencesOf(
      'Agenda\nApologies\n- Minutes of the last meeting\n- Budget. Questions?',
      'en',
    );
    assert.deepEqual(sentences, [
      'Agenda',
      'Apologies',
      '- Minutes of the last meeting',
      '- Budget.',
      'Questions?',
    ]);
  });

  it('answers empty text without figures', () => {
    const result = checkText('   ', 'en', english);
    assert.equal(result.readability.words, 0);
    assert.equal(result.readability.label, null);
    assert.deepEqual(result.terms, []);
  });

  it('checks a 20-page paper (about 8,000 words) against a 40-term glossary within 2 seconds', () => {
    const glossary = [
      ...english,
      ...Array.from({ length: 34 }, (_, i) => entry(`term number ${i}`, null)),
    ];
    const paragraph = boardPaper.split('\n\n').slice(1).join(' ');
    const words = paragraph.split(/\s+/).length;
    const paper = Array.from({ length: Math.ceil(8_000 / words) }, () => paragraph).join('\n\n');
    const started = performance.now();
    const result = checkText(paper, 'en', glossary);
    const elapsed = performance.now() - started;
    assert.ok(result.readability.words >= 8_000, String(result.readability.words));
    assert.ok(elapsed < 2_000, `took ${Math.round(elapsed)} ms`);
    console.log(`jargon check of ${result.readability.words} words: ${Math.round(elapsed)} ms`);
  });
});
