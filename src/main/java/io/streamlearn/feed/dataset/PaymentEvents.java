package io.streamlearn.feed.dataset;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.streamlearn.learn.SeededRandom;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;

/**
 * The {@code payments} dataset: an endless, seeded stream of raw JSON payment events (not feature
 * records) for {@code topologies/payments.yaml}, e.g.
 * <pre>{"order_id": "payments-7", "ts": 1764259207000, "amount": 12.5, "account age days": 40,
 *  "country": "DE", "merchant_id": "m-1201", "device": {"os": "ios", "battery": 0.62},
 *  "description": "gift card for a friend", "coupon": null, "is_fraud": 0}</pre>
 *
 * <p>Countries (12, skewed), merchants (5,000, Zipf-like), devices with a nested object (and
 * sometimes none), amounts (log-normal), account ages (sometimes null or absent), a battery level
 * (absent on desktops), a short description and a fraud label drawn from a logistic model whose
 * score rises with the amount, with young accounts, with a few risky merchants, with words such as
 * "urgent" and "crypto", and with two crosses: country NG on android, country BR on desktop. So the
 * label is learnable from categories and crosses, not from the numbers alone. Event n has the id
 * {@code payments-n} and the timestamp {@code 1764259200000 + 1000 n}.
 */
public final class PaymentEvents implements Iterator<byte[]> {

    public static final String NAME = "payments";

    static final String[] COUNTRIES = {"DE", "US", "FR", "GB", "BR", "NG", "IN", "JP", "ES", "IT", "São Paulo", "日本"};
    private static final double[] COUNTRY_WEIGHTS = {20, 25, 10, 10, 8, 5, 8, 5, 4, 3, 1, 1};
    static final String[] OS = {"ios", "android", "windows", "macos"};
    private static final String[] WORDS = {"gift", "card", "for", "a", "friend", "order", "shoes", "coffee", "book",
        "ticket", "urgent", "crypto", "refund", "Transfer", "subscription", "groceries", "hotel", "2x", "sale"};
    private static final long START = 1_764_259_200_000L;
    private static final JsonFactory JSON = new JsonFactory();

    private final SeededRandom random;
    private long next;

    public PaymentEvents(long seed) {
        this.random = new SeededRandom(seed);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    /** The next event as UTF-8 JSON. */
    @Override
    public byte[] next() {
        long n = next++;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(bytes)) {
            write(g, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private void write(JsonGenerator g, long n) throws IOException {
        String country = COUNTRIES[weighted(COUNTRY_WEIGHTS)];
        int merchant = (int) Math.floor(Math.pow(5_000, random.nextDouble())); // Zipf-like: log-uniform on [1, 5000)
        double amount = Math.round(100 * Math.exp(3 + 1.2 * random.nextGaussian())) / 100.0;
        double u = random.nextDouble();
        Double age = u < 0.05 ? null : Double.valueOf(Math.floor(Math.exp(7 * random.nextDouble())));
        boolean ageAbsent = u >= 0.05 && u < 0.08;
        int os = (int) (OS.length * random.nextDouble());
        boolean noDevice = random.nextDouble() < 0.04;
        boolean desktop = os >= 2;
        double battery = Math.round(100 * random.nextDouble()) / 100.0;
        StringBuilder description = new StringBuilder();
        int words = 1 + (int) (5 * random.nextDouble());
        boolean risky = false;
        for (int i = 0; i < words; i++) {
            String w = WORDS[(int) (WORDS.length * random.nextDouble())];
            risky |= w.equals("urgent") || w.equals("crypto");
            description.append(i == 0 ? "" : i % 3 == 0 ? ", " : " ").append(w);
        }
        boolean noDescription = random.nextDouble() < 0.1;

        // the truth: a logistic score of categories, crosses and (weakly) numbers
        double score = -4.0 + 0.35 * (Math.log1p(amount) - 3)
                + (age == null || ageAbsent ? 0.5 : age < 30 ? 1.5 : 0)
                + (merchant % 97 == 13 ? 2.5 : 0)
                + (risky && !noDescription ? 1.5 : 0)
                + (!noDevice && country.equals("NG") && OS[os].equals("android") ? 3.0 : 0)
                + (!noDevice && country.equals("BR") && desktop ? 2.5 : 0);
        int fraud = random.nextDouble() < 1 / (1 + Math.exp(-score)) ? 1 : 0;

        g.writeStartObject();
        g.writeStringField("order_id", NAME + "-" + n);
        g.writeNumberField("ts", START + 1000 * n);
        g.writeNumberField("amount", amount);
        if (!ageAbsent) {
            g.writeFieldName("account age days");
            if (age == null) {
                g.writeNull();
            } else {
                g.writeNumber(age.longValue());
            }
        }
        g.writeStringField("country", country);
        g.writeStringField("merchant_id", "m-" + merchant);
        if (!noDevice) {
            g.writeObjectFieldStart("device");
            g.writeStringField("os", OS[os]);
            if (!desktop) {
                g.writeNumberField("battery", battery);
            }
            g.writeEndObject();
        }
        if (!noDescription) {
            g.writeStringField("description", description.toString());
        }
        g.writeNullField("coupon");
        g.writeNumberField("is_fraud", fraud);
        g.writeEndObject();
    }

    private int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = total * random.nextDouble();
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
