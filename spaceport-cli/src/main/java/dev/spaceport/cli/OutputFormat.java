package dev.spaceport.cli;

/** How results are printed; lower case because that is how they are typed. */
enum OutputFormat {
  /** Aligned columns for people; the default when stdout is a terminal. */
  table,
  /** The API's own JSON; the default when stdout is not a terminal. */
  json,
  /** The same data as YAML. */
  yaml
}
