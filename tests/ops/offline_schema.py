"""Reading docker-compose.yml and checking it against the Compose Specification's JSON schema, with the standard
library only: the project's environment has neither PyYAML nor jsonschema.

`yaml_load` reads the subset of YAML that docker-compose.yml is written in, and refuses anything else rather than
guess: block mappings and sequences, `#` comment lines, plain, double-quoted and single-quoted scalars, JSON-style
flow sequences, anchors on mappings (`&name`) and merge keys (`<<: *name`).

`schema_errors` validates against a draft-07 schema with the keywords the Compose schema uses, and refuses a schema
that uses others, so that a newer schema cannot be checked only in part without anyone noticing.
"""

import json
import re

# --- YAML subset -----------------------------------------------------------------------------------------------

KEY = re.compile(r"^(?P<key>[A-Za-z0-9_.<-]+):(?:\s+(?P<value>.*))?$")


class YamlSubsetError(ValueError):
    pass


def yaml_load(text: str):
    lines = []
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "\t" in raw[: len(raw) - len(raw.lstrip())]:
            raise YamlSubsetError(f"line {number}: tab in indentation")
        lines.append((number, len(raw) - len(raw.lstrip(" ")), stripped))
    anchors = {}
    value, position = _block(lines, 0, 0, anchors)
    if position != len(lines):
        raise YamlSubsetError(f"line {lines[position][0]}: unexpected indentation")
    return value


def _block(lines, position, indent, anchors):
    if lines[position][2].startswith("- ") or lines[position][2] == "-":
        return _sequence(lines, position, indent, anchors)
    return _mapping(lines, position, indent, anchors)


def _mapping(lines, position, indent, anchors):
    result, explicit = {}, set()
    while position < len(lines) and lines[position][1] == indent:
        number, _, text = lines[position]
        match = KEY.match(text)
        if not match:
            raise YamlSubsetError(f"line {number}: not a `key: value` line: {text!r}")
        key, value = match["key"], match["value"]
        position += 1
        anchor = None
        if value and value.startswith("&"):
            anchor, _, rest = value.partition(" ")
            anchor, value = anchor[1:], rest.strip() or None
        if value is None:
            if position < len(lines) and lines[position][1] > indent:
                value, position = _block(lines, position, lines[position][1], anchors)
            elif position < len(lines) and lines[position][1] == indent and lines[position][2].startswith("- "):
                value, position = _sequence(lines, position, indent, anchors)
            else:
                value = None
        else:
            value = _scalar(value, number, anchors)
        if anchor:
            anchors[anchor] = value
        if key == "<<":
            if not isinstance(value, dict):
                raise YamlSubsetError(f"line {number}: merge of something other than a mapping")
            for merged_key, merged_value in value.items():
                if merged_key not in explicit:  # a key of the mapping's own wins over a merged one
                    result[merged_key] = merged_value
            continue
        if key in explicit:
            raise YamlSubsetError(f"line {number}: duplicate key {key!r}")
        explicit.add(key)
        result[key] = value
    if position < len(lines) and lines[position][1] > indent:
        raise YamlSubsetError(f"line {lines[position][0]}: unexpected indentation")
    return result, position


def _sequence(lines, position, indent, anchors):
    result = []
    while position < len(lines) and lines[position][1] == indent and lines[position][2].startswith("- "):
        number, _, text = lines[position]
        item = text[2:].strip()
        if KEY.match(item) and not item.startswith(('"', "'")):
            raise YamlSubsetError(f"line {number}: mappings inside sequences are not in the subset")
        result.append(_scalar(item, number, anchors))
        position += 1
    return result, position


def _scalar(text, number, anchors):
    if text.startswith("*"):
        if text[1:] not in anchors:
            raise YamlSubsetError(f"line {number}: unknown alias {text}")
        return anchors[text[1:]]
    if text.startswith("["):
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise YamlSubsetError(f"line {number}: flow sequences must be JSON: {error}") from error
        if not all(isinstance(item, str) for item in value):
            raise YamlSubsetError(f"line {number}: flow sequences hold strings only")
        return value
    if text.startswith('"'):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise YamlSubsetError(f"line {number}: bad double-quoted string: {error}") from error
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2:
            raise YamlSubsetError(f"line {number}: bad single-quoted string")
        return text[1:-1].replace("''", "'")
    if text.startswith(("{", "&", "!", "|", ">", "%", "@", "`")) or " #" in text:
        raise YamlSubsetError(f"line {number}: not in the subset: {text!r}")
    if text in {"true", "false"}:
        return text == "true"
    if text in {"null", "~"}:
        return None
    if re.fullmatch(r"-?[0-9]+", text):
        return int(text)
    if re.fullmatch(r"-?[0-9]+\.[0-9]+", text):
        return float(text)
    if text.lower() in {"yes", "no", "on", "off", "y", "n", "true", "false", "null"}:
        raise YamlSubsetError(f"line {number}: quote {text!r}; YAML readers disagree about it")
    return text


# --- JSON schema (draft-07 keywords the Compose schema uses) ----------------------------------------------------

ANNOTATIONS = {"$schema", "$id", "id", "title", "description", "deprecated", "default", "format", "examples"}
KEYWORDS = {
    "$ref",
    "definitions",
    "type",
    "enum",
    "const",
    "properties",
    "patternProperties",
    "additionalProperties",
    "required",
    "items",
    "uniqueItems",
    "minItems",
    "minimum",
    "maximum",
    "pattern",
    "oneOf",
    "anyOf",
    "allOf",
    "not",
}
TYPES = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "null": lambda value: value is None,
}


def unknown_keywords(schema) -> set[str]:
    """Keywords in `schema` this validator does not know; it must be empty before the result means anything."""
    found = set()
    if isinstance(schema, dict):
        for keyword, value in schema.items():
            if keyword not in KEYWORDS | ANNOTATIONS:
                found.add(keyword)
            if keyword in {"properties", "patternProperties", "definitions"}:
                for sub in value.values():
                    found |= unknown_keywords(sub)
            elif keyword in {"items", "additionalProperties", "not"}:
                found |= unknown_keywords(value)
            elif keyword in {"oneOf", "anyOf", "allOf"}:
                for sub in value:
                    found |= unknown_keywords(sub)
    return found


def schema_errors(instance, schema, root=None, path="$") -> list[str]:
    root = schema if root is None else root
    if schema is True or schema == {}:
        return []
    if schema is False:
        return [f"{path}: not allowed"]
    if "$ref" in schema:
        reference = schema["$ref"]
        if not reference.startswith("#/"):
            raise ValueError(f"only local references are supported: {reference}")
        target = root
        for part in reference[2:].split("/"):
            target = target[part]
        errors = schema_errors(instance, target, root, path)
        if errors:
            return errors
    errors = []
    if "type" in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(TYPES[name](instance) for name in types):
            return [f"{path}: {instance!r} is not of type {'/'.join(types)}"]
    if "enum" in schema and instance not in schema["enum"]:
        errors.append(f"{path}: {instance!r} is not one of {schema['enum']}")
    if "const" in schema and instance != schema["const"]:
        errors.append(f"{path}: {instance!r} is not {schema['const']!r}")
    if isinstance(instance, dict):
        errors += _object_errors(instance, schema, root, path)
    if isinstance(instance, list):
        if "items" in schema:
            for index, item in enumerate(instance):
                errors += schema_errors(item, schema["items"], root, f"{path}[{index}]")
        if schema.get("uniqueItems") and len({json.dumps(item, sort_keys=True) for item in instance}) < len(instance):
            errors.append(f"{path}: items are not unique")
        if len(instance) < schema.get("minItems", 0):
            errors.append(f"{path}: fewer than {schema['minItems']} items")
    if TYPES["number"](instance):
        if "minimum" in schema and instance < schema["minimum"]:
            errors.append(f"{path}: {instance} < {schema['minimum']}")
        if "maximum" in schema and instance > schema["maximum"]:
            errors.append(f"{path}: {instance} > {schema['maximum']}")
    if isinstance(instance, str) and "pattern" in schema and not re.search(schema["pattern"], instance):
        errors.append(f"{path}: {instance!r} does not match {schema['pattern']!r}")
    for sub in schema.get("allOf", []):
        errors += schema_errors(instance, sub, root, path)
    if "anyOf" in schema and not any(not schema_errors(instance, sub, root, path) for sub in schema["anyOf"]):
        errors.append(f"{path}: matches none of anyOf")
    if "oneOf" in schema:
        matching = sum(not schema_errors(instance, sub, root, path) for sub in schema["oneOf"])
        if matching != 1:
            errors.append(f"{path}: matches {matching} of oneOf, not exactly one")
    if "not" in schema and not schema_errors(instance, schema["not"], root, path):
        errors.append(f"{path}: matches a schema it must not")
    return errors


def _object_errors(instance, schema, root, path):
    errors = [f"{path}: {name!r} is required" for name in schema.get("required", []) if name not in instance]
    properties = schema.get("properties", {})
    patterns = schema.get("patternProperties", {})
    for key, value in instance.items():
        matched = False
        if key in properties:
            matched = True
            errors += schema_errors(value, properties[key], root, f"{path}.{key}")
        for pattern, sub in patterns.items():
            if re.search(pattern, key):
                matched = True
                errors += schema_errors(value, sub, root, f"{path}.{key}")
        if not matched and "additionalProperties" in schema:
            errors += schema_errors(value, schema["additionalProperties"], root, f"{path}.{key}")
    return errors
