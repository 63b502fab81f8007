import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A row of `customers` (projection `customer_view`). */
@Entity({ name: 'customers' })
export class CustomerEntity {
  @PrimaryColumn({ name: 'customer_id', type: 'text' })
  customerId!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  email!: string | null;

  @Column({ type: 'text', nullable: true })
  phone!: string | null;

  @Column({ type: 'text' })
  tier!: string;

  @Column({ name: 'details_as_of', type: 'timestamptz' })
  detailsAsOf!: Date;

  @Column({ name: 'first_contact_at', type: 'timestamptz', nullable: true })
  firstContactAt!: Date | null;

  @Column({ name: 'last_contact_at', type: 'timestamptz', nullable: true })
  lastContactAt!: Date | null;
}
