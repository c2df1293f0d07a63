// The specimen machine-readable zones published in ICAO Doc 9303 (Anna Maria Eriksson, Utopia), used by the tests.

/** TD3 (passport) specimen, ICAO 9303 part 4. */
export const TD3_SPECIMEN = [
  "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<",
  "L898902C36UTO7408122F1204159ZE184226B<<<<<10",
];
/** TD1 (ID card) specimen, ICAO 9303 part 5. */
export const TD1_SPECIMEN = [
  "I<UTOD231458907<<<<<<<<<<<<<<<",
  "7408122F1204159UTO<<<<<<<<<<<6",
  "ERIKSSON<<ANNA<MARIA<<<<<<<<<<",
];
