// Shared test data: a Travel-Rule (IVMS101) payload naming two demo wallets.

export const SENDER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
export const RECIPIENT = "0x976EA74026E726554dB657fA54763abd0C3a0aa9";
export const samplePayload = {
  originator: {
    originatorPersons: [
      {
        naturalPerson: {
          name: {
            nameIdentifier: [
              {
                primaryIdentifier: "Okafor",
                secondaryIdentifier: "Ada",
                nameIdentifierType: "LEGL",
              },
            ],
          },
          geographicAddress: [{ addressType: "HOME", townName: "Berlin", country: "DE" }],
          dateAndPlaceOfBirth: { dateOfBirth: "1990-04-02", placeOfBirth: "Lagos" },
        },
      },
    ],
    accountNumber: [SENDER],
  },
  beneficiary: {
    beneficiaryPersons: [
      {
        naturalPerson: {
          name: { nameIdentifier: [{ primaryIdentifier: "Okafor", nameIdentifierType: "LEGL" }] },
        },
      },
    ],
    accountNumber: [RECIPIENT],
  },
} as const;
