package io.dtlsingest.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the database against the ledger at the end of the run: every reading the service
 * acknowledged must be stored exactly once. Each bench reading carries its datagram's message id as
 * its value, so a row names the datagram it came from.
 */
final class Verifier {

    private final Database database;

    Verifier(Database database) {
        this.database = database;
    }

    /**
     * Counts acknowledged readings, those missing ({@code lost}), extra copies ({@code
     * duplicated}), and readings stored whose reply never reached the load generator.
     */
    Map<String, Long> verify(Ledger ledger, Devices devices) throws SQLException {
        Map<String, Integer> indexOf = new java.util.HashMap<>();
        for (List<Devices.Device> pool : List.of(devices.psk(), devices.rpk())) {
            for (Devices.Device device : pool) {
                indexOf.put(device.id(), device.index());
            }
        }
        BitSet[] found = new BitSet[ledger.devices()];
        long duplicated = 0;
        long unacknowledged = 0;
        long rows = 0;
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement query =
                    connection.prepareStatement(
                            "select device_id, num_value::bigint, count(*) from readings"
                                    + " where device_id like 'bench-%' and name = 'seq'"
                                    + " group by 1, 2")) {
                query.setFetchSize(50_000);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        int device = indexOf.get(result.getString(1));
                        long mid = result.getLong(2);
                        long copies = result.getLong(3);
                        rows += copies;
                        duplicated += copies - 1;
                        if (found[device] == null) {
                            found[device] = new BitSet();
                        }
                        found[device].set((int) mid);
                        if (!ledger.isAcknowledged(device, mid)) {
                            unacknowledged++;
                        }
                    }
                }
            }
        }
        long acknowledged = ledger.acknowledgedCount();
        long present = 0;
        for (int device = 0; device < found.length; device++) {
            if (found[device] != null) {
                present += found[device].cardinality();
            }
        }
        long lost = acknowledged - (present - unacknowledged);
        Map<String, Long> result = new LinkedHashMap<>();
        result.put("acknowledged", acknowledged);
        result.put("rowsChecked", rows);
        result.put("lost", lost);
        result.put("duplicated", duplicated);
        result.put("storedButUnacknowledged", unacknowledged);
        return result;
    }
}
