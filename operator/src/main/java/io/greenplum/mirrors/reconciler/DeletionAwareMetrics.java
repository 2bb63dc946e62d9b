package io.greenplum.mirrors.reconciler;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.greenplum.mirrors.api.MirrorSet;
import io.javaoperatorsdk.operator.api.monitoring.Metrics;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.processing.Controller;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceAction;
import io.javaoperatorsdk.operator.processing.event.source.controller.ResourceEvent;
import java.util.Map;

/**
 * JOSDK's metrics, passed through, plus one thing they do not do: when a MirrorSet is deleted, its
 * per-MirrorSet gauges go too (the operator has no finalizer, so no cleanup call comes).
 */
final class DeletionAwareMetrics implements Metrics {
  private final Metrics delegate;
  private final OperatorMetrics own;

  DeletionAwareMetrics(Metrics delegate, OperatorMetrics own) {
    this.delegate = delegate;
    this.own = own;
  }

  @Override
  public void receivedEvent(Event event, Map<String, Object> metadata) {
    if (event instanceof ResourceEvent resource && resource.getAction() == ResourceAction.DELETED) {
      resource
          .getResource()
          .filter(MirrorSet.class::isInstance)
          .ifPresent(ms -> own.forget((MirrorSet) ms));
    }
    delegate.receivedEvent(event, metadata);
  }

  @Override
  public void controllerRegistered(Controller<? extends HasMetadata> controller) {
    delegate.controllerRegistered(controller);
  }

  @Override
  public void reconcileCustomResource(
      HasMetadata resource, RetryInfo retryInfo, Map<String, Object> metadata) {
    delegate.reconcileCustomResource(resource, retryInfo, metadata);
  }

  @Override
  public void failedReconciliation(
      HasMetadata resource, Exception exception, Map<String, Object> metadata) {
    delegate.failedReconciliation(resource, exception, metadata);
  }

  @Override
  public void reconciliationExecutionStarted(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionStarted(resource, metadata);
  }

  @Override
  public void reconciliationExecutionFinished(HasMetadata resource, Map<String, Object> metadata) {
    delegate.reconciliationExecutionFinished(resource, metadata);
  }

  @Override
  public void cleanupDoneFor(ResourceID resourceId, Map<String, Object> metadata) {
    delegate.cleanupDoneFor(resourceId, metadata);
  }

  @Override
  public void finishedReconciliation(HasMetadata resource, Map<String, Object> metadata) {
    delegate.finishedReconciliation(resource, metadata);
  }

  @Override
  public <T> T timeControllerExecution(ControllerExecution<T> execution) throws Exception {
    return delegate.timeControllerExecution(execution);
  }

  @Override
  public <T extends Map<?, ?>> T monitorSizeOf(T map, String name) {
    return delegate.monitorSizeOf(map, name);
  }
}
