// zod schemas of the IVMS101 (interVASP Messaging Standard) originator/beneficiary data the Travel Rule requires.
import { z } from "zod";
import { countryCode } from "./countries.ts";

const country = countryCode("DE");
const shortText = (max: number) => z.string().trim().min(1).max(max);

const naturalPersonNameId = z
  .object({
    primaryIdentifier: shortText(100).meta({
      description: "Family name (or the full name if it has one part).",
    }),
    secondaryIdentifier: shortText(100).optional().meta({ description: "Given names." }),
    nameIdentifierType: z.enum(["ALIA", "BIRT", "MAID", "LEGL", "MISC"]),
  })
  .strict();

const geographicAddress = z
  .object({
    addressType: z.enum(["HOME", "BIZZ", "GEOG"]),
    streetName: shortText(70).optional(),
    buildingNumber: shortText(16).optional(),
    postcode: shortText(16).optional(),
    townName: shortText(35),
    countrySubDivision: shortText(35).optional(),
    addressLine: z.array(shortText(70)).max(7).optional(),
    country,
  })
  .strict();

const nationalIdentification = z
  .object({
    nationalIdentifier: shortText(35),
    nationalIdentifierType: z.enum([
      "ARNU",
      "CCPT",
      "RAID",
      "DRLC",
      "FIIN",
      "TXID",
      "SOCS",
      "IDCD",
      "LEIX",
      "MISC",
    ]),
    countryOfIssue: country.optional(),
    registrationAuthority: shortText(8).optional(),
  })
  .strict();

const naturalPerson = z
  .object({
    name: z.object({ nameIdentifier: z.array(naturalPersonNameId).min(1).max(5) }).strict(),
    geographicAddress: z.array(geographicAddress).max(3).optional(),
    nationalIdentification: nationalIdentification.optional(),
    customerIdentification: shortText(50).optional(),
    dateAndPlaceOfBirth: z
      .object({
        dateOfBirth: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date YYYY-MM-DD"),
        placeOfBirth: shortText(70),
      })
      .strict()
      .optional(),
    countryOfResidence: country.optional(),
  })
  .strict();

const legalPerson = z
  .object({
    name: z
      .object({
        nameIdentifier: z
          .array(
            z
              .object({
                legalPersonName: shortText(100),
                legalPersonNameIdentifierType: z.enum(["LEGL", "SHRT", "TRAD"]),
              })
              .strict(),
          )
          .min(1)
          .max(5),
      })
      .strict(),
    geographicAddress: z.array(geographicAddress).max(3).optional(),
    customerNumber: shortText(50).optional(),
    nationalIdentification: nationalIdentification.optional(),
    countryOfRegistration: country.optional(),
  })
  .strict();

/** A natural or a legal person, as IVMS101 wraps them. */
export const Ivms101Person = z.union([
  z.object({ naturalPerson }).strict(),
  z.object({ legalPerson }).strict(),
]);

const accountNumbers = z
  .array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x address"))
  .min(1)
  .max(5);

/** IVMS101 Originator: the persons paying and their account numbers (wallet addresses). */
export const Ivms101Originator = z
  .object({
    originatorPersons: z.array(Ivms101Person).min(1).max(5),
    accountNumber: accountNumbers,
  })
  .strict();

/** IVMS101 Beneficiary: the persons receiving and their account numbers (wallet addresses). */
export const Ivms101Beneficiary = z
  .object({
    beneficiaryPersons: z.array(Ivms101Person).min(1).max(5),
    accountNumber: accountNumbers.optional(),
  })
  .strict();

/** The Travel-Rule payload sent with a screen request. */
export const TravelRulePayload = z
  .object({ originator: Ivms101Originator, beneficiary: Ivms101Beneficiary })
  .strict()
  .meta({ id: "TravelRulePayload", description: "IVMS101 originator and beneficiary data." });

export type TravelRulePayload = z.infer<typeof TravelRulePayload>;
