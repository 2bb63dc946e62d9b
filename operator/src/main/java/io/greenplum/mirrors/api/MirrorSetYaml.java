package io.greenplum.mirrors.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/** Reads a MirrorSet manifest (YAML or JSON) strictly: unknown fields and bad values are errors. */
public final class MirrorSetYaml {
  private static final ObjectMapper MAPPER =
      new ObjectMapper(
              YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
          // As the API server: "1000" is not an integer, nor "true" a boolean (the CRD's types).
          .disable(com.fasterxml.jackson.databind.MapperFeature.ALLOW_COERCION_OF_SCALARS);

  private MirrorSetYaml() {}

  /** Parses one MirrorSet; the message of the exception names the field and what it expects. */
  public static MirrorSet read(String text) throws ManifestException {
    JsonNode tree;
    try {
      List<JsonNode> documents = new ArrayList<>();
      try (MappingIterator<JsonNode> it = MAPPER.readerFor(JsonNode.class).readValues(text)) {
        while (it.hasNextValue()) {
          JsonNode document = it.nextValue();
          if (document != null && !document.isNull() && !document.isMissingNode()) {
            documents.add(document);
          }
        }
      }
      if (documents.size() > 1) {
        throw new ManifestException(
            "the file holds "
                + documents.size()
                + " YAML documents; give one MirrorSet per file (nothing is read)");
      }
      tree = documents.isEmpty() ? null : documents.get(0);
    } catch (java.io.IOException e) {
      if (!(e instanceof JacksonException)) {
        throw new ManifestException("cannot read the manifest: " + e.getMessage());
      }
      JacksonException je = (JacksonException) e;
      JsonLocation at = je.getLocation();
      throw new ManifestException(
          (at == null ? "" : "line " + at.getLineNr() + ", column " + at.getColumnNr() + ": ")
              + "not valid YAML: "
              + firstLine(je.getOriginalMessage()));
    }
    if (tree == null || !tree.isObject()) {
      throw new ManifestException("expected a MirrorSet manifest, found no mapping of fields");
    }
    String apiVersion = tree.path("apiVersion").asText(null);
    String kind = tree.path("kind").asText(null);
    if (!MirrorSet.API_VERSION.equals(apiVersion) || !MirrorSet.KIND.equals(kind)) {
      throw new ManifestException(
          "expected apiVersion: "
              + MirrorSet.API_VERSION
              + " and kind: "
              + MirrorSet.KIND
              + ", found apiVersion: "
              + apiVersion
              + " and kind: "
              + kind);
    }
    if (!tree.path("spec").isObject()) {
      throw new ManifestException("spec: required, a mapping of fields");
    }
    try {
      return MAPPER.treeToValue(tree, MirrorSet.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ManifestException(
          path(e) + ": unknown field '" + e.getPropertyName() + "'" + known(e));
    } catch (InvalidFormatException e) {
      throw new ManifestException(
          path(e) + ": '" + e.getValue() + "' is not valid" + expected(e.getTargetType()));
    } catch (MismatchedInputException e) {
      throw new ManifestException(path(e) + ": expected " + shape(e.getTargetType()));
    } catch (JsonProcessingException e) {
      throw new ManifestException(firstLine(e.getOriginalMessage()));
    }
  }

  private static String shape(Class<?> type) {
    if (type == null) {
      return "another kind of value";
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type == String.class) {
      return "a string";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return "a whole number";
    }
    return type.isEnum() ? expected(type).substring(2) : "a mapping of fields";
  }

  private static String path(JsonMappingException e) {
    String path =
        e.getPath().stream()
            .map(r -> r.getFieldName() != null ? "." + r.getFieldName() : "[" + r.getIndex() + "]")
            .collect(Collectors.joining());
    return path.isEmpty() ? "(top level)" : path.substring(1);
  }

  private static String known(UnrecognizedPropertyException e) {
    if (e.getKnownPropertyIds() == null || e.getKnownPropertyIds().isEmpty()) {
      return "";
    }
    return " (known fields: "
        + e.getKnownPropertyIds().stream()
            .map(String::valueOf)
            .sorted()
            .collect(Collectors.joining(", "))
        + ")";
  }

  private static String expected(Class<?> type) {
    if (type.isEnum()) {
      Object[] constants = type.getEnumConstants();
      return ": expected one of "
          + Arrays.stream(constants).map(MirrorSetYaml::jsonName).collect(Collectors.joining(", "));
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
      return ": expected a whole number";
    }
    return ": expected " + type.getSimpleName();
  }

  private static String jsonName(Object constant) {
    return constant instanceof SslMode mode ? mode.value() : constant.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int end = message.indexOf('\n');
    return end < 0 ? message : message.substring(0, end);
  }
}
