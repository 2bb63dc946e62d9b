package io.greenplum.mirrors.api;

/** How mirrors are spread over the mirror hosts, as gpaddmirrors names it. */
public enum PlacementStrategy {
  /** Every primary of a host gets its mirror on the next host (gpaddmirrors default). */
  Group,
  /** The primaries of a host get their mirrors on as many different hosts (gpaddmirrors -s). */
  Spread,
  /** Every mirror is listed in placement.mirrors (gpaddmirrors -i). */
  Explicit
}
