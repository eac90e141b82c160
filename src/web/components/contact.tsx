/** A person's contact once it may be shown, or the plain reason it is not shown yet. */
export interface PersonContact {
  name: string | null;
  phone: string | null;
  email: string | null;
}

export function ContactCard({ contact, withheld }: { contact: PersonContact | null | undefined; withheld: string }) {
  if (!contact || !(contact.name || contact.phone || contact.email)) return <p class="muted">{withheld}</p>;
  return (
    <dl class="contact">
      {contact.name ? (
        <>
          <dt>联系人</dt>
          <dd>{contact.name}</dd>
        </>
      ) : null}
      {contact.phone ? (
        <>
          <dt>电话</dt>
          <dd>
            <a href={`tel:${contact.phone}`}>{contact.phone}</a>
          </dd>
        </>
      ) : null}
      {contact.email ? (
        <>
          <dt>邮箱</dt>
          <dd>
            <a href={`mailto:${contact.email}`}>{contact.email}</a>
          </dd>
        </>
      ) : null}
    </dl>
  );
}
