"""The command line's `key=value` settings, read one at a time before Hydra composes them, so
that a fault names the setting as typed.

Hydra reports a grammar fault (`population.total=[1,2`, an unclosed quote) in its parser's words
without the setting, and OmegaConf turns any number or `yes`/`on` given to a true/false setting
into true (`levers.firewall.enabled=3` ran with the firewall on; `enabled: 3` in a policy preset
or in one's own config.yaml too), where the Python API refuses it
(`levers.catalogue._check_setting`). Both are checked here, for every value of a sweep too.
"""

from __future__ import annotations

from typing import Any

from micic_sim.scenario import ConfigError

#: How a value with special characters is written (the grammar's rules, in one line).
GRAMMAR_HINT = (
    "write key=value; a list as key=[a,b]; text with spaces, commas or brackets in quotes "
    "(key='a b', with the whole setting in double quotes for the shell)"
)


def _unbalanced(text: str) -> str | None:
    """What is unbalanced in `text` (a quote or a bracket), or None."""
    for quote in ("'", '"'):
        if text.count(quote) % 2:
            return f"a {quote} quote is not closed"
    for opening, closing in ("[]", "{}", "()"):
        opened, closed = text.count(opening), text.count(closing)
        if opened > closed:
            return f"a '{opening}' is not closed by '{closing}'"
        if closed > opened:
            return f"a '{closing}' has no opening '{opening}'"
    return None


def parse_overrides(overrides: list[str]) -> list[Any]:
    """Hydra's parsed overrides, parsed one at a time: a fault is a `ConfigError` naming the
    setting as typed and what is wrong with it."""
    from hydra.core.override_parser.overrides_parser import OverridesParser
    from hydra.errors import OverrideParseException

    parser = OverridesParser.create()
    parsed = []
    for text in overrides:
        key = text.partition("=")[0].lstrip("+~")
        if "=" in text and not key:
            raise ConfigError("command line", f"'{text}': no setting name before '='")
        try:
            parsed.extend(parser.parse_overrides([text]))
        except OverrideParseException as exc:
            from micic_sim.inputs import one_line

            what = _unbalanced(text.partition("=")[2]) or one_line(str(exc))
            raise ConfigError(
                "command line", f"'{text}' cannot be read: {what}; {GRAMMAR_HINT}"
            ) from None
    return parsed


def _is_switch(schema: Any, key: str) -> bool:
    """Whether `key` (dotted) is a true/false setting of the structured config `schema`."""
    from omegaconf import BooleanNode, DictConfig

    node: Any = schema
    for part in key.split("."):
        if not isinstance(node, DictConfig) or part not in node:
            return False
        node = node._get_node(part)
    return isinstance(node, BooleanNode)


def _values(override: Any) -> list[Any]:
    """The values an override sets: one, or each of a sweep's (none for an interval sweep,
    which a sampler draws from and only numbers can be)."""
    if not override.is_sweep_override():
        return [override.value()]
    try:
        return list(override.sweep_iterator())
    except Exception:  # an interval sweep cannot be listed (Hydra raises its own error type)
        return []


def check_switches(parsed: list[Any], schema: Any) -> None:
    """A true/false setting (a lever's `enabled`, `run.progress`) given anything but true or
    false is a `ConfigError` naming it, as in the Python API: OmegaConf would read 3 or `yes`
    as true."""
    for override in parsed:
        key = override.key_or_group
        if override.is_delete() or not _is_switch(schema, key):
            continue
        for value in _values(override):
            if value is not None and not isinstance(value, bool):
                raise ConfigError(key, f"must be true or false, got {value!r}")


def _flat(mapping: Any, prefix: str = "") -> list[tuple[str, Any]]:
    """(dotted key, value) for every leaf of a nested mapping."""
    out: list[tuple[str, Any]] = []
    for key, value in mapping.items():
        if isinstance(value, dict):
            out += _flat(value, f"{prefix}{key}.")
        else:
            out.append((f"{prefix}{key}", value))
    return out


def _load(path: Any) -> dict[str, Any]:
    """A config file as a mapping; empty when it cannot be read or is not a mapping (Hydra's
    composition then names the file in its own words)."""
    import yaml
    from omegaconf import OmegaConf
    from omegaconf.errors import OmegaConfBaseException

    try:
        raw = OmegaConf.to_container(OmegaConf.load(path))
    except (OSError, ValueError, yaml.YAMLError, OmegaConfBaseException):
        return {}
    return raw if isinstance(raw, dict) else {}


def _switch_faults(raw: dict[str, Any], schema: Any) -> tuple[str, Any] | None:
    """The first true/false setting of a loaded config file that holds anything but true or
    false, as (dotted key, value); None when all do. A file's `defaults` list and `hydra`
    section hold no model settings."""
    settings = {k: v for k, v in raw.items() if k not in ("defaults", "hydra")}
    for key, value in _flat(settings):
        if _is_switch(schema, key) and value is not None and not isinstance(value, bool):
            return key, value
    return None


def _default_policies(raw: dict[str, Any]) -> list[str]:
    """The policy presets a loaded config file's `defaults` list chooses (`- policy: x`)."""
    entries = raw.get("defaults", [])
    names: list[str] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, dict):
            for key, value in entry.items():
                if str(key).lstrip("/") == "policy" and value is not None:
                    names += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return names


def check_config_switches(
    parsed: list[Any], folders: list[Any], schema: Any, config_file: Any = None
) -> None:
    """The config files a run composes hold true or false in every true/false setting:
    OmegaConf reads `enabled: 3` in a file as true, where the Python API refuses it. Checked:
    `config_file` (the user's own config.yaml under --config-path) and the policy presets
    chosen, on the command line (`policy=mine`, `policy=[a,b]`, a sweep's) or else by the
    config file's defaults list. `folders` are the config folders searched, in Hydra's order
    (the bundled or --config-path one, then --config-dir's); an error names the file as
    Hydra does (`policy/mine.yaml`)."""
    from pathlib import Path

    own = _load(config_file) if config_file is not None else {}
    if fault := _switch_faults(own, schema):
        key, value = fault
        raise ConfigError(str(config_file), f"{key}: must be true or false, got {value!r}")
    names: list[str] = []
    chosen = False
    for override in parsed:
        if override.key_or_group.lstrip("+") != "policy" or override.is_delete():
            continue
        chosen = True
        for value in _values(override):
            names += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if not chosen and config_file is not None:
        names = _default_policies(own)
    for name in dict.fromkeys(names):
        for folder in folders:
            path = Path(folder) / "policy" / f"{name}.yaml"
            if not path.is_file():
                continue
            if fault := _switch_faults(_load(path), schema):
                key, value = fault
                raise ConfigError(
                    "command line",
                    f"in 'policy/{name}.yaml': {key}: must be true or false, got {value!r}",
                )
            break
