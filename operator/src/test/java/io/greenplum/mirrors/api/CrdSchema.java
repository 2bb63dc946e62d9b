package io.greenplum.mirrors.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a manifest against the CRD's openAPIV3Schema the way the API server's structural
 * validation does for the keywords our CRD uses (type, properties, required, enum, minimum,
 * maximum, items, minItems/maxItems, minLength/maxLength, pattern, x-kubernetes-int-or-string), and
 * rejects unknown fields (the API server would drop them with a warning). CEL rules
 * (x-kubernetes-validations) are not evaluated here.
 */
final class CrdSchema {
  private CrdSchema() {}

  static List<String> violations(JsonNode schema, JsonNode value) {
    List<String> problems = new ArrayList<>();
    check(schema, value, "", problems);
    return problems;
  }

  private static void check(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (value == null || value.isNull()) {
      return;
    }
    String type = schema.path("type").asText("");
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      type = value.isIntegralNumber() ? "integer" : "string";
    }
    switch (type) {
      case "object" -> object(schema, value, path, out);
      case "array" -> {
        if (!value.isArray()) {
          out.add(path + ": expected a list");
          return;
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
          out.add(path + ": more than " + schema.get("maxItems").asInt() + " items");
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
          out.add(path + ": fewer than " + schema.get("minItems").asInt() + " items");
        }
        for (int i = 0; i < value.size(); i++) {
          check(schema.path("items"), value.get(i), path + "[" + i + "]", out);
        }
      }
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          out.add(path + ": expected an integer");
          return;
        }
        bounds(schema, value, path, out);
      }
      case "string" -> {
        if (!value.isTextual()) {
          out.add(path + ": expected a string");
          return;
        }
        text(schema, value.asText(), path, out);
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          out.add(path + ": expected true or false");
        }
      }
      default -> {}
    }
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        out.add(path + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
  }

  private static void object(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (!value.isObject()) {
      out.add(path + ": expected an object");
      return;
    }
    for (JsonNode required : schema.path("required")) {
      if (!value.has(required.asText())) {
        out.add(path + "." + required.asText() + ": required");
      }
    }
    JsonNode properties = schema.get("properties");
    boolean open =
        properties == null
            || schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)
            || schema.has("additionalProperties");
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      JsonNode sub = properties == null ? null : properties.get(field.getKey());
      boolean implicit =
          path.isEmpty() && List.of("apiVersion", "kind", "metadata").contains(field.getKey());
      if (sub != null) {
        check(sub, field.getValue(), path + "." + field.getKey(), out);
      } else if (!open && !implicit) {
        out.add(path + "." + field.getKey() + ": unknown field");
      }
    }
  }

  private static void text(JsonNode schema, String text, String path, List<String> out) {
    int length = text.codePointCount(0, text.length());
    if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
      out.add(path + ": longer than " + schema.get("maxLength").asInt());
    }
    if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
      out.add(path + ": shorter than " + schema.get("minLength").asInt());
    }
    // The API server's (Go) '$' is the end of the text; Java's also matches before a final "\n".
    String pattern = schema.path("pattern").asText("").replaceFirst("\\$$", "\\\\z");
    if (schema.has("pattern") && !java.util.regex.Pattern.compile(pattern).matcher(text).find()) {
      out.add(path + ": does not match " + schema.get("pattern").asText());
    }
  }

  private static void bounds(JsonNode schema, JsonNode value, String path, List<String> out) {
    if (schema.has("minimum") && value.asLong() < schema.get("minimum").asLong()) {
      out.add(path + ": " + value + " is below the minimum " + schema.get("minimum").asLong());
    }
    if (schema.has("maximum") && value.asLong() > schema.get("maximum").asLong()) {
      out.add(path + ": " + value + " is above the maximum " + schema.get("maximum").asLong());
    }
  }
}
