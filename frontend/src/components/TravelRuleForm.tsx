// The Travel-Rule (IVMS101) form shown when a transfer crosses the threshold: who pays and who receives.
import { useId } from "react";
import type { Address } from "viem";
import type { TravelRulePayload } from "../api/compliance.ts";

export interface TravelRuleFields {
  originatorGivenName: string;
  originatorFamilyName: string;
  originatorTown: string;
  originatorCountry: string;
  beneficiaryGivenName: string;
  beneficiaryFamilyName: string;
  beneficiaryCountry: string;
}

export const emptyTravelRule: TravelRuleFields = {
  originatorGivenName: "",
  originatorFamilyName: "",
  originatorTown: "",
  originatorCountry: "",
  beneficiaryGivenName: "",
  beneficiaryFamilyName: "",
  beneficiaryCountry: "",
};

/** Problems that keep the fields from making a valid payload (empty when complete). */
export function travelRuleProblems(fields: TravelRuleFields): string[] {
  const problems: string[] = [];
  if (!fields.originatorFamilyName.trim()) problems.push("Enter your family name.");
  if (!fields.originatorTown.trim()) problems.push("Enter your town.");
  if (!/^[A-Z]{2}$/.test(fields.originatorCountry))
    problems.push("Enter your country as two capital letters (e.g. DE).");
  if (!fields.beneficiaryFamilyName.trim()) problems.push("Enter the recipient's family name.");
  if (!/^[A-Z]{2}$/.test(fields.beneficiaryCountry)) {
    problems.push("Enter the recipient's country as two capital letters (e.g. NG).");
  }
  return problems;
}

/** The IVMS101 payload of the fields. */
export function travelRulePayload(
  fields: TravelRuleFields,
  sender: Address,
  recipient: Address | null,
): TravelRulePayload {
  const person = (given: string, family: string) => ({
    primaryIdentifier: family.trim(),
    ...(given.trim() ? { secondaryIdentifier: given.trim() } : {}),
    nameIdentifierType: "LEGL" as const,
  });
  return {
    originator: {
      originatorPersons: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [person(fields.originatorGivenName, fields.originatorFamilyName)],
            },
            geographicAddress: [
              {
                addressType: "HOME",
                townName: fields.originatorTown.trim(),
                country: fields.originatorCountry,
              },
            ],
            countryOfResidence: fields.originatorCountry,
          },
        },
      ],
      accountNumber: [sender],
    },
    beneficiary: {
      beneficiaryPersons: [
        {
          naturalPerson: {
            name: {
              nameIdentifier: [person(fields.beneficiaryGivenName, fields.beneficiaryFamilyName)],
            },
            countryOfResidence: fields.beneficiaryCountry,
          },
        },
      ],
      ...(recipient ? { accountNumber: [recipient] } : {}),
    },
  };
}

export function TravelRuleForm(props: {
  value: TravelRuleFields;
  onChange: (value: TravelRuleFields) => void;
  thresholdUsd: number;
}) {
  const id = useId();
  const field = (
    name: keyof TravelRuleFields,
    label: string,
    extra?: { placeholder?: string; maxLength?: number },
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${name}`}>{label}</label>
      <input
        id={`${id}-${name}`}
        value={props.value[name]}
        onChange={(event) =>
          props.onChange({
            ...props.value,
            [name]: name.endsWith("Country")
              ? event.target.value.toUpperCase()
              : event.target.value,
          })
        }
        {...extra}
      />
    </div>
  );
  return (
    <fieldset className="travel-rule">
      <legend>Travel Rule details</legend>
      <p className="note">
        Transfers above {props.thresholdUsd.toLocaleString()} USD must carry who sends and who
        receives. These details go to the compliance service only, never on-chain.
      </p>
      <div className="grid-2">
        {field("originatorGivenName", "Your given name")}
        {field("originatorFamilyName", "Your family name")}
        {field("originatorTown", "Your town")}
        {field("originatorCountry", "Your country (2 letters)", {
          placeholder: "DE",
          maxLength: 2,
        })}
        {field("beneficiaryGivenName", "Recipient's given name")}
        {field("beneficiaryFamilyName", "Recipient's family name")}
        {field("beneficiaryCountry", "Recipient's country (2 letters)", {
          placeholder: "NG",
          maxLength: 2,
        })}
      </div>
    </fieldset>
  );
}
