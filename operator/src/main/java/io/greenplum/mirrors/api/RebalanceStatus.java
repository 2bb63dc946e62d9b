package io.greenplum.mirrors.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** Where a rebalance asked for with the greenplum.io/rebalance annotation stands. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceStatus {
  @JsonPropertyDescription("The greenplum.io/rebalance annotation value this rebalance answers.")
  private String requested;

  @JsonPropertyDescription(
      "Waiting (a pair is not in sync), Promoting (this MirrorSet's acting primary was stopped;"
          + " FTS promotes the preferred primary), Rewinding (the stopped instance is rewound"
          + " into a mirror and catches up), Done, or Failed.")
  private String stage;

  @JsonPropertyDescription("The content being switched back, one at a time.")
  private Integer content;

  @JsonPropertyDescription("When the stage began.")
  private String since;

  @JsonPropertyDescription("Contents back in their preferred roles by this request.")
  private List<Integer> rebalanced = new ArrayList<>();

  private String message;

  public String getRequested() {
    return requested;
  }

  public void setRequested(String requested) {
    this.requested = requested;
  }

  public String getStage() {
    return stage;
  }

  public void setStage(String stage) {
    this.stage = stage;
  }

  public Integer getContent() {
    return content;
  }

  public void setContent(Integer content) {
    this.content = content;
  }

  public String getSince() {
    return since;
  }

  public void setSince(String since) {
    this.since = since;
  }

  public List<Integer> getRebalanced() {
    return rebalanced;
  }

  public void setRebalanced(List<Integer> rebalanced) {
    this.rebalanced = rebalanced;
  }

  public String getMessage() {
    return message;
  }

  public void setMessage(String message) {
    this.message = message;
  }
}
