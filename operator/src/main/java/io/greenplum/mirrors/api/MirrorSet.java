package io.greenplum.mirrors.api;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The desired segment mirrors of one Greenplum cluster, and what the operator observed of them. */
@Group(MirrorSet.GROUP)
@Version(MirrorSet.VERSION)
@Plural("mirrorsets")
@ShortNames("gpms")
public class MirrorSet extends CustomResource<MirrorSetSpec, MirrorSetStatus>
    implements Namespaced {
  public static final String GROUP = "greenplum.io";
  public static final String VERSION = "v1alpha1";
  public static final String API_VERSION = GROUP + "/" + VERSION;
  public static final String KIND = "MirrorSet";
}
