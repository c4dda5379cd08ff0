package io.dtlsingest.device;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Reads the devices file into entries, each checked on its own: a broken entry is reported with its
 * position and does not affect the others. Only a file that is not YAML, or has no top-level {@code
 * devices} list, is rejected as a whole.
 *
 * <p>The file is composed into YAML nodes rather than loaded into Java objects, so that scalars
 * keep the text that was written (a hex key of only digits stays a string, not a number) and every
 * entry knows its line.
 */
final class DevicesFileParser {

    private static final Set<String> ENTRY_FIELDS = Set.of("id", "enabled", "psk", "rpk");
    private static final Set<String> PSK_FIELDS = Set.of("identity", "key", "keyFile", "keyEnv");
    private static final Set<String> RPK_FIELDS = Set.of("publicKey");

    private final int maxCodePoints;

    DevicesFileParser(int maxCodePoints) {
        this.maxCodePoints = maxCodePoints;
    }

    /**
     * @param text the file's content
     * @param directory the file's directory, against which relative key files are resolved
     * @throws MalformedDevicesFileException when the file as a whole cannot be used
     */
    Content parse(String text, Path directory) {
        Node root = compose(text);
        SequenceNode list = devicesList(root);
        List<DevicesFileEntry> entries = new ArrayList<>();
        List<DevicesFileEntry.Invalid> invalid = new ArrayList<>();
        Set<String> named = new LinkedHashSet<>();
        List<Node> items = list.getValue();
        for (int index = 0; index < items.size(); index++) {
            Node item = items.get(index);
            String id = idOf(item);
            String position = position(index, id, item);
            if (id != null) {
                named.add(id);
            }
            try {
                entries.add(entry(position, id, item, directory));
            } catch (EntryException e) {
                invalid.add(new DevicesFileEntry.Invalid(position, id, e.getMessage()));
            }
        }
        return rejectDuplicateIds(entries, invalid, named);
    }

    /**
     * What the file says.
     *
     * @param entries the entries to apply, in file order
     * @param invalid the entries that cannot be applied, with their reasons
     * @param namedIds every device id the file names, in valid and invalid entries alike
     */
    record Content(
            List<DevicesFileEntry> entries,
            List<DevicesFileEntry.Invalid> invalid,
            Set<String> namedIds) {

        /** The key files the entries refer to, so that a change in one can be noticed. */
        List<Path> keyFiles() {
            return entries.stream()
                    .map(DevicesFileEntry::psk)
                    .filter(
                            psk ->
                                    psk != null
                                            && psk.key() instanceof DevicesFileEntry.KeySource.File)
                    .map(psk -> ((DevicesFileEntry.KeySource.File) psk.key()).path())
                    .distinct()
                    .toList();
        }
    }

    private Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setCodePointLimit(maxCodePoints);
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        DumperOptions dumper = new DumperOptions();
        Yaml yaml =
                new Yaml(new SafeConstructor(options), new Representer(dumper), dumper, options);
        Node root;
        try {
            root = yaml.compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            // Never the exception's own message: it quotes the offending line, which may hold a
            // key.
            throw new MalformedDevicesFileException(
                    "is not valid YAML: " + e.getProblem() + at(e.getProblemMark()));
        } catch (YAMLException e) {
            throw new MalformedDevicesFileException(
                    "is not valid YAML: " + e.getClass().getSimpleName());
        }
        if (root == null) {
            throw new MalformedDevicesFileException(
                    "is empty; it needs a top-level devices list (devices: [] for none)");
        }
        return root;
    }

    private static SequenceNode devicesList(Node root) {
        if (!(root instanceof MappingNode mapping)) {
            throw new MalformedDevicesFileException(
                    "must be a mapping with a top-level devices list" + at(root));
        }
        Map<String, Node> top;
        try {
            top = fields(mapping, Set.of("devices"), "");
        } catch (EntryException e) {
            throw new MalformedDevicesFileException("is not a devices file: " + e.getMessage());
        }
        Node devices = top.get("devices");
        if (devices == null) {
            throw new MalformedDevicesFileException(
                    "has no top-level devices list (devices: [] for none)");
        }
        if (!(devices instanceof SequenceNode list)) {
            throw new MalformedDevicesFileException(
                    "devices must be a list (devices: [] for none)" + at(devices));
        }
        return list;
    }

    private static DevicesFileEntry entry(
            String position, @Nullable String id, Node item, Path directory) {
        if (!(item instanceof MappingNode mapping)) {
            throw new EntryException("must be a mapping with id and psk or rpk");
        }
        Map<String, Node> fields = fields(mapping, ENTRY_FIELDS, "");
        if (id == null) {
            if (fields.get("id") != null) {
                scalar(fields.get("id"), "id");
            }
            throw new EntryException(
                    "id is required: 1 to 64 letters, digits, '.', '_', ':' or '-',"
                            + " starting with a letter or digit");
        }
        boolean enabled = enabled(fields.get("enabled"));
        Node psk = fields.get("psk");
        Node rpk = fields.get("rpk");
        if ((psk == null) == (rpk == null)) {
            throw new EntryException("exactly one of psk or rpk is required");
        }
        return psk != null
                ? new DevicesFileEntry(position, id, enabled, psk(psk, directory), null)
                : new DevicesFileEntry(position, id, enabled, null, rpk(rpk));
    }

    private static boolean enabled(@Nullable Node node) {
        if (node == null) {
            return true;
        }
        String value = scalar(node, "enabled");
        if (!"true".equals(value) && !"false".equals(value)) {
            throw new EntryException("enabled must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static DevicesFileEntry.Psk psk(Node node, Path directory) {
        Map<String, Node> fields = fields(mapping(node, "psk"), PSK_FIELDS, "psk.");
        Node identity = fields.get("identity");
        if (identity == null) {
            throw new EntryException("psk.identity is required");
        }
        List<String> sources =
                List.of("key", "keyFile", "keyEnv").stream().filter(fields::containsKey).toList();
        if (sources.size() != 1) {
            throw new EntryException("psk needs exactly one of key, keyFile or keyEnv");
        }
        String source = sources.get(0);
        String value = scalar(fields.get(source), "psk." + source);
        DevicesFileEntry.KeySource key =
                switch (source) {
                    case "key" -> new DevicesFileEntry.KeySource.Inline(value);
                    case "keyEnv" -> new DevicesFileEntry.KeySource.Env(value);
                    default -> new DevicesFileEntry.KeySource.File(directory.resolve(value));
                };
        return new DevicesFileEntry.Psk(scalar(identity, "psk.identity"), key);
    }

    private static String rpk(Node node) {
        Map<String, Node> fields = fields(mapping(node, "rpk"), RPK_FIELDS, "rpk.");
        Node publicKey = fields.get("publicKey");
        if (publicKey == null) {
            throw new EntryException("rpk.publicKey is required");
        }
        return scalar(publicKey, "rpk.publicKey");
    }

    /** The id of an entry, if it has one that is a plain value; used to name it in reports. */
    private static @Nullable String idOf(Node item) {
        if (!(item instanceof MappingNode mapping)) {
            return null;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode key
                    && "id".equals(key.getValue())
                    && tuple.getValueNode() instanceof ScalarNode value
                    && !Tag.NULL.equals(value.getTag())) {
                return value.getValue();
            }
        }
        return null;
    }

    private static Map<String, Node> fields(MappingNode mapping, Set<String> known, String prefix) {
        Map<String, Node> fields = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw new EntryException(
                        "has a key that is not a plain name" + at(tuple.getKeyNode()));
            }
            String name = key.getValue();
            if (!known.contains(name)) {
                throw new EntryException(
                        "unknown field "
                                + prefix
                                + name
                                + at(key)
                                + "; expected "
                                + known.stream()
                                        .sorted()
                                        .map(f -> prefix + f)
                                        .collect(Collectors.joining(", ")));
            }
            if (fields.put(name, tuple.getValueNode()) != null) {
                throw new EntryException(prefix + name + " is given twice" + at(key));
            }
        }
        return fields;
    }

    private static MappingNode mapping(Node node, String name) {
        if (!(node instanceof MappingNode mapping)) {
            throw new EntryException(name + " must be a mapping" + at(node));
        }
        return mapping;
    }

    private static String scalar(Node node, String name) {
        if (!(node instanceof ScalarNode scalar) || Tag.NULL.equals(scalar.getTag())) {
            throw new EntryException(name + " must be a single value" + at(node));
        }
        return scalar.getValue();
    }

    private static Content rejectDuplicateIds(
            List<DevicesFileEntry> entries,
            List<DevicesFileEntry.Invalid> invalid,
            Set<String> named) {
        Map<String, List<String>> positions = new LinkedHashMap<>();
        entries.forEach(
                e -> positions.computeIfAbsent(e.id(), id -> new ArrayList<>()).add(e.position()));
        invalid.stream()
                .filter(e -> e.id() != null)
                .forEach(
                        e ->
                                positions
                                        .computeIfAbsent(e.id(), id -> new ArrayList<>())
                                        .add(e.position()));
        List<DevicesFileEntry> unique = new ArrayList<>();
        List<DevicesFileEntry.Invalid> rejected = new ArrayList<>(invalid);
        for (DevicesFileEntry entry : entries) {
            List<String> all = positions.get(entry.id());
            if (all.size() == 1) {
                unique.add(entry);
            } else {
                rejected.add(
                        new DevicesFileEntry.Invalid(
                                entry.position(),
                                entry.id(),
                                "id "
                                        + entry.id()
                                        + " is given "
                                        + all.size()
                                        + " times; no entry for it is applied"));
            }
        }
        return new Content(List.copyOf(unique), List.copyOf(rejected), Set.copyOf(named));
    }

    private static String position(int index, @Nullable String id, Node item) {
        String line = "line " + (item.getStartMark().getLine() + 1);
        return "devices[" + index + "] (" + (id == null ? line : "id " + id + ", " + line) + ")";
    }

    private static String at(Node node) {
        return at(node.getStartMark());
    }

    private static String at(org.yaml.snakeyaml.error.@Nullable Mark mark) {
        return mark == null
                ? ""
                : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** A problem with one entry; the parser turns it into an {@link DevicesFileEntry.Invalid}. */
    private static final class EntryException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        EntryException(String message) {
            super(message, null, false, false);
        }
    }
}
