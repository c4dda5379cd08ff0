package io.dtlsingest.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.dtlsingest.support.IngestIntegrationTest;
import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Encoding;
import io.dtlsingest.telemetry.Reading;
import io.dtlsingest.telemetry.ReadingValue;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IngestIntegrationTest
class ReadingWriterTest {

    private static final String T = "2026-12-04T05:00:00.123456Z";
    private static final String LABEL = "Grüße, 温度 ✓, \\ \t \n \"";

    @Autowired ReadingWriter writer;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

    /**
     * Another writer's transaction holds the claim of message 1 when this batch, which holds
     * messages 20 down to 1, starts; then that transaction claims 2 to 20. If the batch claimed in
     * any order but ascending it would hold some of those and wait for 1: a deadlock, which the
     * database breaks after a second by failing one of the two.
     */
    @Test
    void batchesClaimingTheSameMessageIdsWaitForEachOtherInsteadOfDeadlocking() throws Exception {
        String device = "order-" + UUID.randomUUID();
        List<ReceivedDatagram> batch = new ArrayList<>();
        for (long mid = 20; mid >= 1; mid--) {
            batch.add(withMessageId(device, mid));
        }

        try (Connection other = dataSource.getConnection()) {
            other.setAutoCommit(false);
            claim(other, device, 1);
            CompletableFuture<List<StoreResult>> stored =
                    CompletableFuture.supplyAsync(() -> writer.store(batch));
            awaitWaitingForALock(stored);
            for (long mid = 2; mid <= 20; mid++) {
                claim(other, device, mid);
            }
            other.commit();

            assertThat(stored.get(10, TimeUnit.SECONDS))
                    .hasSize(20)
                    .allSatisfy(result -> assertThat(result.duplicate()).isTrue());
        }
    }

    @Test
    void storesEveryKindOfValueAsSent() {
        String device = "writer-" + UUID.randomUUID();
        Instant received = Instant.parse(T);
        List<Reading> readings =
                List.of(
                        new Reading(
                                "temp",
                                Instant.parse("2026-12-04T04:59:59.000001Z"),
                                new ReadingValue.Numeric(-21.5),
                                null,
                                "Cel"),
                        new Reading(
                                "label",
                                Instant.parse("1999-12-31T23:59:59.999999Z"),
                                new ReadingValue.Text(LABEL),
                                null,
                                null),
                        new Reading(
                                "armed",
                                Instant.parse("1970-01-01T00:00:00Z"),
                                new ReadingValue.Bool(false),
                                null,
                                null),
                        new Reading(
                                "blob",
                                received,
                                new ReadingValue.Data(new byte[] {0, -1, 127, -128}),
                                null,
                                null),
                        new Reading("energy", received, null, 1.0e300, "J"),
                        new Reading(
                                "empty",
                                received,
                                new ReadingValue.Data(new byte[0]),
                                Double.MIN_VALUE,
                                ""));

        List<StoreResult> results = writer.store(List.of(datagram(device, received, readings)));

        assertThat(results).containsExactly(new StoreResult(6, false));
        List<List<Object>> rows =
                jdbc.sql(
                                """
                                select name, time, num_value, str_value, bool_value,
                                       encode(data_value, 'hex') as data, sum_value, unit,
                                       received_at
                                from readings where device_id = ? order by name
                                """)
                        .param(device)
                        .query(ReadingWriterTest::columns)
                        .list();
        assertThat(rows)
                .containsExactly(
                        row("armed", "1970-01-01T00:00:00Z", null, null, false, null, null, null),
                        row("blob", T, null, null, null, "00ff7f80", null, null),
                        row("empty", T, null, null, null, "", Double.MIN_VALUE, ""),
                        row("energy", T, null, null, null, null, 1.0e300, "J"),
                        row(
                                "label",
                                "1999-12-31T23:59:59.999999Z",
                                null,
                                LABEL,
                                null,
                                null,
                                null,
                                null),
                        row(
                                "temp",
                                "2026-12-04T04:59:59.000001Z",
                                -21.5,
                                null,
                                null,
                                null,
                                null,
                                "Cel"));
    }

    private static List<Object> row(
            String name,
            String time,
            Double number,
            String text,
            Boolean flag,
            String dataHex,
            Double sum,
            String unit) {
        return java.util.Arrays.asList(
                name,
                Instant.parse(time),
                number,
                text,
                flag,
                dataHex,
                sum,
                unit,
                Instant.parse(T));
    }

    private static List<Object> columns(java.sql.ResultSet rows, int rowNumber)
            throws java.sql.SQLException {
        return java.util.Arrays.asList(
                rows.getString("name"),
                rows.getTimestamp("time").toInstant(),
                rows.getObject("num_value"),
                rows.getString("str_value"),
                rows.getObject("bool_value"),
                rows.getString("data"),
                rows.getObject("sum_value"),
                rows.getString("unit"),
                rows.getTimestamp("received_at").toInstant());
    }

    private static ReceivedDatagram withMessageId(String device, long mid) {
        Reading reading =
                new Reading("seq", Instant.now(), new ReadingValue.Numeric(mid), null, null);
        Decoded decoded =
                new Decoded.Accepted(Encoding.JSON, OptionalLong.of(mid), List.of(reading));
        return new ReceivedDatagram(device, "session", Instant.now(), decoded, new byte[0]);
    }

    private static void claim(Connection connection, String device, long mid) throws SQLException {
        try (PreparedStatement insert =
                connection.prepareStatement(
                        "insert into datagram_receipts (device_id, session_id, message_id,"
                                + " received_at) values (?, 'session', ?, now())")) {
            insert.setString(1, device);
            insert.setLong(2, mid);
            insert.executeUpdate();
        }
    }

    private void awaitWaitingForALock(CompletableFuture<?> stored) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && !stored.isDone()) {
            Integer waiting =
                    jdbc.sql("select count(*) from pg_stat_activity where wait_event_type = 'Lock'")
                            .query(Integer.class)
                            .single();
            if (waiting > 0) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the batch never waited for the other transaction");
    }

    private static ReceivedDatagram datagram(
            String device, Instant received, List<Reading> readings) {
        Decoded decoded = new Decoded.Accepted(Encoding.JSON, OptionalLong.empty(), readings);
        return new ReceivedDatagram(device, "session", received, decoded, new byte[0]);
    }
}
