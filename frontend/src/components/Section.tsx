// A titled region: a <section> named by its own heading (unique id per instance), for screen-reader navigation.
import { type ReactNode, useId } from "react";

export function Section(props: {
  title: ReactNode;
  level?: 1 | 2 | 3;
  className?: string;
  children: ReactNode;
  headingTestId?: string;
}) {
  const id = useId();
  const Heading = `h${props.level ?? 1}` as const;
  return (
    <section className={props.className} aria-labelledby={id}>
      <Heading id={id} data-testid={props.headingTestId}>
        {props.title}
      </Heading>
      {props.children}
    </section>
  );
}
